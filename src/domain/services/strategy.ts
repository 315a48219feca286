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
    return new RsiMacdPairStrategy(this.signals);
  }
}

/** "As soon as possible": every closed candle is a BULLISH signal, so a deal opens whenever the pair has room (dealCount, cooldown, funds). */
export class AsapStrategy implements Strategy {
  readonly name = 'asap';

  forPair(): PairStrategy {
    return ALWAYS;
  }
}

/** Holds no state, so every pair shares it. */
const ALWAYS: PairStrategy = Object.freeze({ onCandle: (): Signal => 'BULLISH' });

/** The default strategy's state for one pair: its indicators. */
class RsiMacdPairStrategy implements PairStrategy {
  readonly #signals: SignalService;
  readonly #rsi: Rsi;
  readonly #macd: Macd;

  constructor(signals: SignalService) {
    const { params } = signals;
    this.#signals = signals;
    this.#rsi = new Rsi(params.rsiPeriod);
    this.#macd = new Macd(params.macdFast, params.macdSlow, params.macdSignal);
  }

  onCandle(candle: Candle): Signal {
    const macd = this.#macd;
    const previousHistogram = macd.histogram;
    const close = candle.close;
    this.#rsi.push(close);
    macd.push(close);
    return this.#signals.decide(this.#rsi.value, macd.histogram, previousHistogram);
  }
}
