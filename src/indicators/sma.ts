import { assertPeriod } from './validate.js';

/**
 * Streaming simple moving average. Keeps a running total the way TA-Lib does
 * (add the newest value, divide, then subtract the oldest), so it reproduces
 * TA-Lib's SMA bit for bit, rounding included.
 */
export class Sma {
  readonly period: number;
  private readonly window: Float64Array;
  private head = 0;
  private count = 0;
  private total = 0;
  private current = NaN;

  constructor(period: number) {
    assertPeriod('period', period);
    this.period = period;
    this.window = new Float64Array(period);
  }

  /** Adds a value; returns the average, or NaN until `period` values were seen. */
  update(value: number): number {
    const window = this.window;
    window[this.head] = value;
    if (++this.head === this.period) this.head = 0;
    this.total += value;
    if (this.count < this.period && ++this.count < this.period) return NaN;
    this.current = this.total / this.period;
    // After advancing, `head` points at the oldest value of the current window.
    this.total -= window[this.head]!;
    return this.current;
  }

  get value(): number {
    return this.current;
  }

  get ready(): boolean {
    return this.count === this.period;
  }

  reset(): void {
    this.window.fill(0);
    this.head = 0;
    this.count = 0;
    this.total = 0;
    this.current = NaN;
  }
}

/** Simple moving average; NaN for the first `period - 1` positions. */
export function sma(values: ArrayLike<number>, period: number): Float64Array {
  const indicator = new Sma(period);
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = indicator.update(values[i]!);
  return out;
}
