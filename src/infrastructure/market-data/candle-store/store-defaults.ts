/** Where `dealbot data import` stores candles unless told otherwise (relative to the working directory). */
export const DEFAULT_CANDLE_DIR = process.env.DEALBOT_CANDLE_DIR ?? 'data/candles';
