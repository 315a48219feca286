import { Ema } from './ema.js';
import { assertPeriod } from './validate.js';

export interface MacdResult {
  macd: Float64Array;
  signal: Float64Array;
  histogram: Float64Array;
}

/**
 * Streaming MACD as TA-Lib computes it. Both EMAs produce their first value at
 * index `slow - 1`: the fast EMA is seeded with the mean of the `fast` values
 * ending there, not of the first `fast` values. The signal line is an EMA of
 * the MACD line, and all three outputs start together at
 * `slow + signal - 2` (33 for 12/26/9).
 */
export class Macd {
  readonly fast: number;
  readonly slow: number;
  readonly signalPeriod: number;
  private readonly fastEma: Ema;
  private readonly slowEma: Ema;
  private readonly signalEma: Ema;
  private readonly fastStart: number;
  private readonly warmUp: number;
  private count = 0;
  /** After warm-up the three EMAs run here, inline, with their smoothing factors: */
  private readonly kFast: number;
  private readonly kSlow: number;
  private readonly kSignal: number;
  private fastValue = NaN;
  private slowValue = NaN;
  private line = NaN;
  private trigger = NaN;
  private difference = NaN;

  constructor(fast: number, slow: number, signal: number) {
    assertPeriod('fast', fast);
    assertPeriod('slow', slow, 2);
    assertPeriod('signal', signal);
    if (fast >= slow) throw new RangeError(`fast must be < slow, got fast=${fast} slow=${slow}`);
    this.fast = fast;
    this.slow = slow;
    this.signalPeriod = signal;
    this.fastEma = new Ema(fast);
    this.slowEma = new Ema(slow);
    this.signalEma = new Ema(signal);
    this.fastStart = slow - fast;
    this.warmUp = slow + signal - 2;
    this.kFast = this.fastEma.k;
    this.kSlow = this.slowEma.k;
    this.kSignal = this.signalEma.k;
  }

  /** Adds a price; returns the MACD line, or NaN during warm-up. Read the rest from the getters. */
  update(value: number): number {
    this.push(value);
    return this.line;
  }

  /** Adds a price, like `update`; read the values from the getters. */
  push(value: number): void {
    if (this.count > this.warmUp) {
      // the EMAs' own step, (value - previous) * k + previous, on this object's fields
      const slow = (value - this.slowValue) * this.kSlow + this.slowValue;
      const fast = (value - this.fastValue) * this.kFast + this.fastValue;
      this.slowValue = slow;
      this.fastValue = fast;
      const line = fast - slow;
      const trigger = (line - this.trigger) * this.kSignal + this.trigger;
      this.line = line;
      this.trigger = trigger;
      this.difference = line - trigger;
      return;
    }
    // warm-up and the first output go through the EMAs, which seed as TA-Lib does
    const slowEma = this.slowEma;
    slowEma.push(value);
    const slow = slowEma.value;
    if (this.warmingUp(value, slow)) return;
    this.fastEma.push(value);
    const fast = this.fastEma.value;
    const line = fast - slow;
    this.signalEma.push(line);
    const trigger = this.signalEma.value;
    this.slowValue = slow;
    this.fastValue = fast;
    this.line = line;
    this.trigger = trigger;
    this.difference = line - trigger;
  }

  /** Feeds the EMAs before the first output; false once the current index produces one. */
  private warmingUp(value: number, slow: number): boolean {
    const index = this.count++;
    if (index === this.warmUp) return false;
    if (index < this.fastStart) return true;
    this.fastEma.push(value);
    if (index >= this.slow - 1) this.signalEma.push(this.fastEma.value - slow);
    return true;
  }

  get macd(): number {
    return this.line;
  }

  get signal(): number {
    return this.trigger;
  }

  get histogram(): number {
    return this.difference;
  }

  get ready(): boolean {
    return this.count > this.warmUp;
  }

  reset(): void {
    this.fastEma.reset();
    this.slowEma.reset();
    this.signalEma.reset();
    this.count = 0;
    this.fastValue = NaN;
    this.slowValue = NaN;
    this.line = NaN;
    this.trigger = NaN;
    this.difference = NaN;
  }
}

/** MACD line, signal line and histogram; NaN before index `slow + signal - 2`. */
export function macd(values: ArrayLike<number>, fast: number, slow: number, signal: number): MacdResult {
  const indicator = new Macd(fast, slow, signal);
  const n = values.length;
  const result = { macd: new Float64Array(n), signal: new Float64Array(n), histogram: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    indicator.update(values[i]!);
    result.macd[i] = indicator.macd;
    result.signal[i] = indicator.signal;
    result.histogram[i] = indicator.histogram;
  }
  return result;
}
