import type { Candle } from '../../domain/shared/candle.js';
import { dec } from '../../domain/shared/decimal.js';
import { PriceWalk } from './price-walk.model.js';
import { SeededRandom, seedFrom } from './seeded.random.js';

export interface SimulatedSymbol {
  readonly symbol: string;
  readonly startPrice: number;
  readonly priceStep: number;
}

export function checkSimulatedSymbol({ symbol, startPrice, priceStep }: SimulatedSymbol): void {
  if (!(Number.isFinite(priceStep) && priceStep > 0)) throw new RangeError(`${symbol}: priceStep must be > 0, got ${priceStep}`);
  if (!(Number.isFinite(startPrice) && startPrice >= priceStep)) {
    throw new RangeError(`${symbol}: startPrice must be >= priceStep ${priceStep}, got ${startPrice}`);
  }
}

/** Pull of the log price back toward the start price, per candle; keeps long runs bounded. */
const MEAN_REVERSION = 0.001;

/**
 * Candles of one symbol from its own seeded walk, starting at startPrice. `forward` yields
 * the candle that opens at the current price; `backward` yields the candle that closes
 * there (used for history, so any history length ends exactly where the stream begins).
 */
export class SimulatedCandleGenerator {
  readonly #walk: PriceWalk;
  readonly #step: number;
  readonly #decimals: number;
  readonly #anchor: number;
  readonly #backward: boolean;
  #level: number;

  constructor(spec: SimulatedSymbol, seed: number, direction: 'forward' | 'backward') {
    checkSimulatedSymbol(spec);
    const { symbol, startPrice, priceStep } = spec;
    this.#walk = new PriceWalk(new SeededRandom(seedFrom(seed, symbol, direction)));
    this.#step = priceStep;
    this.#decimals = dec(priceStep).toString().split('.')[1]?.length ?? 0;
    this.#anchor = startPrice;
    this.#backward = direction === 'backward';
    this.#level = startPrice;
  }

  next(openTime: number): Candle {
    const move = this.#walk.next();
    const from = this.#level;
    const other = Math.max(this.#step, from * Math.exp((this.#backward ? -move.ret : move.ret) - MEAN_REVERSION * Math.log(from / this.#anchor)));
    this.#level = other;
    const [openLevel, closeLevel] = this.#backward ? [other, from] : [from, other];
    const open = this.#round(openLevel);
    const close = this.#round(closeLevel);
    const high = Math.max(open, close, this.#round(Math.max(openLevel, closeLevel) * (1 + move.wickUp)));
    const low = Math.min(open, close, Math.max(this.#step, this.#round(Math.min(openLevel, closeLevel) * (1 - move.wickDown))));
    return { openTime, open, high, low, close, volume: Math.max(0.0001, Number(move.volume.toFixed(4))) };
  }

  #round(price: number): number {
    return Number((Math.round(price / this.#step) * this.#step).toFixed(this.#decimals));
  }
}
