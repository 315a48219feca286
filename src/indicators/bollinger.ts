import { Sma } from './sma.js';
import { assertNonNegative, assertPeriod } from './validate.js';

export interface BollingerResult {
  upper: Float64Array;
  middle: Float64Array;
  lower: Float64Array;
}

/**
 * TA-Lib treats a variance below 1e-14 as zero, which flattens the bands of
 * any series priced near 1e-8. Here the cut-off is relative to the mean of the
 * squares (the size of the rounding noise in `mean(x²) - mean(x)²`), so the
 * result does not depend on the price scale.
 */
const RELATIVE_VARIANCE_FLOOR = 1e-14;

/**
 * Streaming Bollinger Bands as TA-Lib's BBANDS with an SMA middle band:
 * middle ± stdDev × population standard deviation of the last `period` values.
 */
export class Bollinger {
  readonly period: number;
  readonly stdDev: number;
  private readonly sma: Sma;
  private readonly squares: Float64Array;
  private head = 0;
  private count = 0;
  private sumOfSquares = 0;
  private upperBand = NaN;
  private middleBand = NaN;
  private lowerBand = NaN;

  constructor(period: number, stdDev: number) {
    assertPeriod('period', period);
    assertNonNegative('stdDev', stdDev);
    this.period = period;
    this.stdDev = stdDev;
    this.sma = new Sma(period);
    this.squares = new Float64Array(period);
  }

  /** Adds a value; returns the middle band, or NaN until `period` values were seen. Read the bands from the getters. */
  update(value: number): number {
    const middle = this.sma.update(value);
    const square = value * value;
    const squares = this.squares;
    squares[this.head] = square;
    if (++this.head === this.period) this.head = 0;
    this.sumOfSquares += square;
    if (this.count < this.period && ++this.count < this.period) return NaN;
    const meanOfSquares = this.sumOfSquares / this.period;
    this.sumOfSquares -= squares[this.head]!;
    const variance = meanOfSquares - middle * middle;
    const deviation = variance > RELATIVE_VARIANCE_FLOOR * meanOfSquares ? Math.sqrt(variance) * this.stdDev : 0;
    this.upperBand = middle + deviation;
    this.middleBand = middle;
    this.lowerBand = middle - deviation;
    return middle;
  }

  get upper(): number {
    return this.upperBand;
  }

  get middle(): number {
    return this.middleBand;
  }

  get lower(): number {
    return this.lowerBand;
  }

  get ready(): boolean {
    return this.count === this.period;
  }

  reset(): void {
    this.sma.reset();
    this.squares.fill(0);
    this.head = 0;
    this.count = 0;
    this.sumOfSquares = 0;
    this.upperBand = NaN;
    this.middleBand = NaN;
    this.lowerBand = NaN;
  }
}

/** Bollinger Bands; NaN for the first `period - 1` positions. */
export function bollinger(values: ArrayLike<number>, period: number, stdDev: number): BollingerResult {
  const indicator = new Bollinger(period, stdDev);
  const n = values.length;
  const result = { upper: new Float64Array(n), middle: new Float64Array(n), lower: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    indicator.update(values[i]!);
    result.upper[i] = indicator.upper;
    result.middle[i] = indicator.middle;
    result.lower[i] = indicator.lower;
  }
  return result;
}
