/** A UTC time to the minute, `YYYY-MM-DD HH:MM`: how candles, deals and reports name a time. */
export const formatUtc = (ms: number): string => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
