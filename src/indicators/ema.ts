import { assertPeriod } from './validate.js';

/**
 * Streaming exponential moving average as TA-Lib computes it: seeded with the
 * simple average of the first `period` values, then
 * `ema += (value - ema) * k` with `k = 2 / (period + 1)`.
 */
export class Ema {
  readonly period: number;
  /** The smoothing factor 2 / (period + 1). */
  readonly k: number;
  private count = 0;
  private sum = 0;
  private current = NaN;

  constructor(period: number) {
    assertPeriod('period', period);
    this.period = period;
    this.k = 2 / (period + 1);
  }

  /** Adds a value; returns the average, or NaN until `period` values were seen. */
  update(value: number): number {
    this.push(value);
    return this.current;
  }

  /** Adds a value, like `update`; read the average from `value`. */
  push(value: number): void {
    if (this.count === this.period) {
      const previous = this.current;
      this.current = (value - previous) * this.k + previous;
      return;
    }
    this.sum += value;
    if (++this.count === this.period) this.current = this.sum / this.period;
  }

  get value(): number {
    return this.current;
  }

  get ready(): boolean {
    return this.count === this.period;
  }

  reset(): void {
    this.count = 0;
    this.sum = 0;
    this.current = NaN;
  }
}

/** Exponential moving average; NaN for the first `period - 1` positions. */
export function ema(values: ArrayLike<number>, period: number): Float64Array {
  const indicator = new Ema(period);
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = indicator.update(values[i]!);
  return out;
}
