/** Where `dealbot data import` stores candles unless told otherwise (relative to the working directory). */
export const DEFAULT_CANDLE_DIR = process.env.DEALBOT_CANDLE_DIR ?? 'data/candles';

/** A UTC time as `YYYY-MM-DD HH:MM`, as the candle commands print it. */
export const formatUtc = (ms: number): string => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
