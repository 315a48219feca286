import type { Candle } from '../shared/candle.js';
import { Macd } from '../../indicators/macd.js';
import { Rsi } from '../../indicators/rsi.js';
import { SignalService, type Signal } from './signal.service.js';

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
    const { params } = this.signals;
    const signals = this.signals;
    const rsi = new Rsi(params.rsiPeriod);
    const macd = new Macd(params.macdFast, params.macdSlow, params.macdSignal);
    return {
      onCandle(candle: Candle): Signal {
        const previousHistogram = macd.histogram;
        rsi.update(candle.close);
        macd.update(candle.close);
        return signals.decide(rsi.value, macd.histogram, previousHistogram);
      },
    };
  }
}
