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
    this.push(value);
    return this.current;
  }

  /** Adds a price, like `update`; read the RSI from `value`. */
  push(value: number): void {
    const change = value - this.previous;
    this.previous = value;
    const period = this.period;
    let gain = this.gain;
    let loss = this.loss;
    if (this.count > period) {
      loss *= period - 1;
      gain *= period - 1;
      if (change < 0) loss -= change;
      else gain += change;
      loss /= period;
      gain /= period;
    } else {
      if (this.count++ === 0) return;
      if (change < 0) loss -= change;
      else gain += change;
      if (this.count <= period) {
        this.gain = gain;
        this.loss = loss;
        return;
      }
      loss /= period;
      gain /= period;
    }
    this.gain = gain;
    this.loss = loss;
    const total = gain + loss;
    const current = total !== 0 ? 100 * (gain / total) : 0;
    this.current = current;
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
