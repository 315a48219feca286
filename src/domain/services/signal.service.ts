import { Macd } from '../../indicators/macd.js';
import { Rsi } from '../../indicators/rsi.js';
import type { Candle } from '../shared/candle.js';

export type Signal = 'BULLISH' | 'BEARISH' | 'NEUTRAL';

export interface SignalParams {
  readonly rsiPeriod: number;
  readonly macdFast: number;
  readonly macdSlow: number;
  readonly macdSignal: number;
  /** BULLISH needs RSI below this. */
  readonly rsiBuyBelow: number;
  /** BEARISH needs RSI above this. */
  readonly rsiSellAbove: number;
}

export const DEFAULT_SIGNAL_PARAMS: SignalParams = Object.freeze({ rsiPeriod: 14, macdFast: 12, macdSlow: 26, macdSignal: 9, rsiBuyBelow: 50, rsiSellAbove: 50 });

/** The indicator values one decision needs. NaN while the indicators warm up. */
export interface IndicatorValues {
  readonly rsi: number;
  readonly histogram: number;
  readonly previousHistogram: number;
}

/** Streaming indicators of one pair: O(1) per closed candle. */
export class IndicatorTracker {
  readonly #rsi: Rsi;
  readonly #macd: Macd;
  #previousHistogram = NaN;

  constructor(params: SignalParams) {
    this.#rsi = new Rsi(params.rsiPeriod);
    this.#macd = new Macd(params.macdFast, params.macdSlow, params.macdSignal);
  }

  update(close: number): IndicatorValues {
    this.#previousHistogram = this.#macd.histogram;
    this.#rsi.update(close);
    this.#macd.update(close);
    return { rsi: this.#rsi.value, histogram: this.#macd.histogram, previousHistogram: this.#previousHistogram };
  }
}

/**
 * Default rule: BULLISH when the MACD histogram crosses from <= 0 to > 0 on this candle and
 * RSI < rsiBuyBelow; BEARISH on the opposite cross with RSI > rsiSellAbove.
 */
export class SignalService {
  constructor(readonly params: SignalParams = DEFAULT_SIGNAL_PARAMS) {}

  /** Indicators over the given closed candles (the pair's last 500), oldest first. */
  calculateIndicators(candles: readonly Candle[]): IndicatorValues {
    const tracker = this.tracker();
    let values: IndicatorValues = { rsi: NaN, histogram: NaN, previousHistogram: NaN };
    for (const candle of candles) values = tracker.update(candle.close);
    return values;
  }

  generateSignal(values: IndicatorValues): Signal {
    return this.decide(values.rsi, values.histogram, values.previousHistogram);
  }

  /** The rule itself, on plain numbers. */
  decide(rsi: number, histogram: number, previousHistogram: number): Signal {
    // an indicator still warming up is NaN, which fails every comparison below: NEUTRAL
    if (previousHistogram <= 0 && histogram > 0 && rsi < this.params.rsiBuyBelow) return 'BULLISH';
    if (previousHistogram >= 0 && histogram < 0 && rsi > this.params.rsiSellAbove) return 'BEARISH';
    return 'NEUTRAL';
  }

  tracker(): IndicatorTracker {
    return new IndicatorTracker(this.params);
  }
}
