import { assertPeriod } from './validate.js';

/**
 * Streaming RSI with Wilder's smoothing, as TA-Lib computes it (unstable
 * period 0): the averages are seeded with the simple means of the first
 * `period` gains and losses, so the first value appears at index `period`.
 * Like TA-Lib, flat prices (no gain and no loss) give 0. Unlike TA-Lib, which
 * treats gain + loss below 1e-14 as zero, only an exact zero counts, so the
 * result does not depend on the price scale.
 */
export class Rsi {
  readonly period: number;
  private count = 0;
  private previous = 0;
  private gain = 0;
  private loss = 0;
  private current = NaN;

  constructor(period: number) {
    assertPeriod('period', period);
    this.period = period;
  }

  /** Adds a price; returns the RSI (0..100), or NaN during the first `period` prices. */
  update(value: number): number {
    const change = value - this.previous;
    this.previous = value;
    const period = this.period;
    if (this.count > period) {
      this.loss *= period - 1;
      this.gain *= period - 1;
      if (change < 0) this.loss -= change;
      else this.gain += change;
      this.loss /= period;
      this.gain /= period;
    } else {
      if (this.count++ === 0) return NaN;
      if (change < 0) this.loss -= change;
      else this.gain += change;
      if (this.count <= period) return NaN;
      this.loss /= period;
      this.gain /= period;
    }
    const total = this.gain + this.loss;
    this.current = total !== 0 ? 100 * (this.gain / total) : 0;
    return this.current;
  }

  get value(): number {
    return this.current;
  }

  get ready(): boolean {
    return this.count > this.period;
  }

  reset(): void {
    this.count = 0;
    this.previous = 0;
    this.gain = 0;
    this.loss = 0;
    this.current = NaN;
  }
}

/** Relative strength index; NaN for the first `period` positions. */
export function rsi(values: ArrayLike<number>, period: number): Float64Array {
  const indicator = new Rsi(period);
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = indicator.update(values[i]!);
  return out;
}
