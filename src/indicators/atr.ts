import { assertPeriod, assertSameLength } from './validate.js';

/** The largest of high - low, |previous close - high| and |previous close - low|. */
function trueRange(high: number, low: number, previousClose: number): number {
  let greatest = high - low;
  const toHigh = Math.abs(previousClose - high);
  if (toHigh > greatest) greatest = toHigh;
  const toLow = Math.abs(previousClose - low);
  if (toLow > greatest) greatest = toLow;
  return greatest;
}

/**
 * Streaming Average True Range as TA-Lib computes it: the first candle only
 * supplies a previous close, the first ATR (at index `period`) is the mean of
 * the first `period` true ranges, then Wilder's smoothing
 * `atr = (atr × (period - 1) + tr) / period`.
 */
export class Atr {
  readonly period: number;
  private count = 0;
  private previousClose = 0;
  private sum = 0;
  private current = NaN;

  constructor(period: number) {
    assertPeriod('period', period);
    this.period = period;
  }

  /** Adds a candle; returns the ATR, or NaN during the first `period` candles. */
  update(high: number, low: number, close: number): number {
    const range = trueRange(high, low, this.previousClose);
    this.previousClose = close;
    const period = this.period;
    if (this.count > period) {
      let atr = this.current * (period - 1);
      atr += range;
      return (this.current = atr / period);
    }
    if (this.count++ === 0) return NaN;
    this.sum += range;
    if (this.count <= period) return NaN;
    return (this.current = this.sum / period);
  }

  get value(): number {
    return this.current;
  }

  get ready(): boolean {
    return this.count > this.period;
  }

  reset(): void {
    this.count = 0;
    this.previousClose = 0;
    this.sum = 0;
    this.current = NaN;
  }
}

/** Average True Range; NaN for the first `period` positions. */
export function atr(high: ArrayLike<number>, low: ArrayLike<number>, close: ArrayLike<number>, period: number): Float64Array {
  assertSameLength(high, low, close);
  const indicator = new Atr(period);
  const out = new Float64Array(close.length);
  for (let i = 0; i < close.length; i++) out[i] = indicator.update(high[i]!, low[i]!, close[i]!);
  return out;
}
