import type { Candle } from '../shared/candle.js';
import { SignalService, type IndicatorValues, type Signal } from './signal.service.js';

/** One pair's running strategy: fed every closed candle in time order. */
export interface PairStrategy {
  onCandle(candle: Candle): Signal;
}

/** A trading strategy: a fresh, independent state per pair. */
export interface Strategy {
  readonly name: string;
  forPair(symbol: string): PairStrategy;
}

/** The default strategy: MACD histogram cross with an RSI filter (DESIGN.md section 3). */
export class RsiMacdStrategy implements Strategy {
  readonly name = 'rsi-macd';

  constructor(readonly signals: SignalService = new SignalService()) {}

  forPair(): PairStrategy {
    const tracker = this.signals.tracker();
    const signals = this.signals;
    return {
      onCandle(candle: Candle): Signal {
        const values: IndicatorValues = tracker.update(candle.close);
        return signals.generateSignal(values);
      },
    };
  }
}
