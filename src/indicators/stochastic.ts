import { RollingMax } from './rolling-max.js';
import { Sma } from './sma.js';
import { assertPeriod, assertSameLength } from './validate.js';

export interface StochasticResult {
  k: Float64Array;
  d: Float64Array;
}

/**
 * Streaming slow stochastic as TA-Lib's STOCH with SMA smoothing:
 * fast %K = 100 × (close - lowest low) / (highest high - lowest low) over
 * `kPeriod` candles (0 when the range is 0), %K = SMA(fast %K, kSmooth),
 * %D = SMA(%K, dPeriod). Like TA-Lib, %K is withheld until %D exists.
 */
export class Stochastic {
  readonly kPeriod: number;
  readonly kSmooth: number;
  readonly dPeriod: number;
  private readonly highest: RollingMax;
  private readonly negatedLowest: RollingMax;
  private readonly slowK: Sma;
  private readonly slowD: Sma;
  private kValue = NaN;
  private dValue = NaN;

  constructor(kPeriod: number, kSmooth: number, dPeriod: number) {
    assertPeriod('kPeriod', kPeriod);
    assertPeriod('kSmooth', kSmooth);
    assertPeriod('dPeriod', dPeriod);
    this.kPeriod = kPeriod;
    this.kSmooth = kSmooth;
    this.dPeriod = dPeriod;
    this.highest = new RollingMax(kPeriod);
    this.negatedLowest = new RollingMax(kPeriod);
    this.slowK = new Sma(kSmooth);
    this.slowD = new Sma(dPeriod);
  }

  /** Adds a candle; returns %K, or NaN during warm-up. Read %D from the getter. */
  update(high: number, low: number, close: number): number {
    const highest = this.highest.update(high);
    const lowest = -this.negatedLowest.update(-low);
    if (!this.highest.full) return NaN;
    const range = (highest - lowest) / 100;
    const k = this.slowK.update(range !== 0 ? (close - lowest) / range : 0);
    if (!this.slowK.ready) return NaN;
    const d = this.slowD.update(k);
    if (!this.slowD.ready) return NaN;
    this.kValue = k;
    this.dValue = d;
    return k;
  }

  get k(): number {
    return this.kValue;
  }

  get d(): number {
    return this.dValue;
  }

  get ready(): boolean {
    return this.slowD.ready;
  }

  reset(): void {
    this.highest.reset();
    this.negatedLowest.reset();
    this.slowK.reset();
    this.slowD.reset();
    this.kValue = NaN;
    this.dValue = NaN;
  }
}

/** Slow stochastic %K and %D; NaN before index `kPeriod + kSmooth + dPeriod - 3`. */
export function stochastic(
  high: ArrayLike<number>,
  low: ArrayLike<number>,
  close: ArrayLike<number>,
  kPeriod: number,
  kSmooth: number,
  dPeriod: number,
): StochasticResult {
  assertSameLength(high, low, close);
  const indicator = new Stochastic(kPeriod, kSmooth, dPeriod);
  const n = close.length;
  const result = { k: new Float64Array(n), d: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    indicator.update(high[i]!, low[i]!, close[i]!);
    result.k[i] = indicator.k;
    result.d[i] = indicator.d;
  }
  return result;
}
