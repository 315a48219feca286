import type { Candle } from '../../../src/domain/shared/candle.js';
import { dec, type Decimal } from '../../../src/domain/shared/decimal.js';

/** A moment of a candle's price path: `time` from 0 (the open) to 3 (the close), and the price then. */
export interface PathPoint {
  readonly time: number;
  readonly price: Decimal;
}

/** Which side of a level the price must be on: at or below it, or at or above it. */
export type Crossing = 'atOrBelow' | 'atOrAbove';

/** Whether `price` is on `crossing`'s side of `level`. */
export const onSide = (crossing: Crossing, price: Decimal, level: Decimal): boolean => (crossing === 'atOrBelow' ? price.lte(level) : price.gte(level));

/**
 * The order in which the simulator's market trades through one final candle: it jumps from the
 * previous last price to the open (a gap: nothing trades in between), then moves continuously
 * open -> low -> high -> close when the candle closes at or above its open, else
 * open -> high -> low -> close. Stops trigger and limits fill at the first moment of this path
 * that reaches their price, so orders on one candle act in time order.
 */
export class CandlePath {
  readonly #points: readonly Decimal[];

  constructor(candle: Candle) {
    const [open, high, low, close] = [dec(candle.open), dec(candle.high), dec(candle.low), dec(candle.close)];
    this.#points = close.gte(open) ? [open, low, high, close] : [open, high, low, close];
  }

  /** The open: the first price of the candle. */
  get start(): PathPoint {
    return { time: 0, price: this.#points[0]! };
  }

  /**
   * The first moment at or after `from` when the price is on `crossing`'s side of `level`, with
   * the price then: `from` itself when it already is, else the moment the path reaches `level`.
   */
  first(crossing: Crossing, level: Decimal, from: PathPoint = this.start): PathPoint | null {
    if (onSide(crossing, from.price, level)) return from;
    const last = this.#points.length - 1;
    for (let i = Math.floor(from.time); i < last; i += 1) {
      const begin = i === Math.floor(from.time) ? from : { time: i, price: this.#points[i]! };
      const end = this.#points[i + 1]!;
      if (!onSide(crossing, end, level)) continue;
      const fraction = begin.price.minus(level).div(begin.price.minus(end)).toNumber();
      return { time: begin.time + (i + 1 - begin.time) * fraction, price: level };
    }
    return null;
  }
}
