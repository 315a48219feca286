import type { Series } from './talib.js';

export interface Candles {
  high: ArrayLike<number>;
  low: ArrayLike<number>;
  close: ArrayLike<number>;
}

/** One indicator configuration and its TA-Lib counterpart, both run on the same candles. */
export interface IndicatorCase {
  label: string;
  ours(candles: Candles): Series;
  talib(candles: Candles): Series;
  /** TA-Lib's lookback: the index of its first output. */
  warmUp: number;
}

/** The power of ten that brings the mean absolute value of `values` into [1, 10). */
export function unitScale(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += Math.abs(values[i]!);
  const mean = sum / values.length;
  return mean > 0 && Number.isFinite(mean) ? 10 ** -Math.floor(Math.log10(mean)) : 1;
}
