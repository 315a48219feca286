export { sma, Sma } from './sma.js';
export { ema, Ema } from './ema.js';
export { rsi, Rsi } from './rsi.js';
export { macd, Macd } from './macd.js';
export type { MacdResult } from './macd.js';
