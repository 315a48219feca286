import type { LookAhead } from '../../../domain/ports/replay.port.js';
import type { Candle } from '../../../domain/shared/candle.js';
import type { MarketRules } from '../../../domain/shared/market-rules.js';
import type { PaperOrder } from './paper-order.state.js';

/**
 * One market's open orders. It keeps how far a candle must reach before any of them can
 * fill, so that the many candles that reach none cost two comparisons, or none at all when
 * a replay has said when the next candle that reaches opens.
 */
export interface Book {
  readonly market: MarketRules;
  /** Open orders of this market, oldest first. Change it through the functions below. */
  readonly resting: PaperOrder[];
  /** The last candle's close; NaN before any (a number field: storing a price allocates nothing). */
  lastClose: number;
  /** A candle whose low is above this and whose high is below `fillsFrom` fills nothing; NaN: recompute. */
  fillsTo: number;
  fillsFrom: number;
  /** No candle of `quietSeries` opening before this reaches fillsTo or fillsFrom; NaN: not known. */
  quietUntil: number;
  /** The replayed series that worked out quietUntil. */
  quietSeries: LookAhead | null;
}

/** Rows a look-ahead reads at most; the book asks again after them. */
const LOOK_AHEAD = 512;

export function newBook(market: MarketRules): Book {
  return { market, resting: [], lastClose: Number.NaN, fillsTo: Number.NaN, fillsFrom: Number.NaN, quietUntil: Number.NaN, quietSeries: null };
}

export function addResting(book: Book, order: PaperOrder): void {
  book.resting.push(order);
  changed(book);
}

export function removeResting(book: Book, order: PaperOrder): void {
  book.resting.splice(book.resting.indexOf(order), 1);
  changed(book);
}

/** Keeps the first `kept` resting orders (the matcher compacted the list in place). */
export function keepResting(book: Book, kept: number): void {
  if (kept === book.resting.length) return;
  book.resting.length = kept;
  changed(book);
}

/** The resting orders changed: how far a candle must reach, and how long none will, are worked out again. */
function changed(book: Book): void {
  book.fillsTo = Number.NaN;
  book.quietUntil = Number.NaN;
}

/**
 * False when no resting order can fill on `candle`: the paper matcher fills a stop when the
 * low reaches it, a limit buy when the low reaches its price, a limit sell when the high
 * reaches its price, and a market order on any candle. `ahead`: the candle's series can be
 * read ahead (a replay); the book then asks once when the next candle that reaches opens,
 * and the candles before it are not read at all.
 */
export function mayFill(book: Book, candle: Candle, ahead?: LookAhead): boolean {
  if (book.fillsTo !== book.fillsTo) reach(book);
  const to = book.fillsTo;
  const from = book.fillsFrom;
  if (ahead !== undefined) {
    if (ahead === book.quietSeries && candle.openTime < book.quietUntil) return false;
    const reached = ahead.reachedAt(to, from, LOOK_AHEAD);
    book.quietSeries = ahead;
    book.quietUntil = reached;
    return reached <= candle.openTime;
  }
  // a side with nothing resting is not compared
  return (to !== Number.NEGATIVE_INFINITY && candle.low <= to) || (from !== Number.POSITIVE_INFINITY && candle.high >= from);
}

/** The last close, or null before any candle. */
export function lastCloseOf(book: Book): number | null {
  return book.lastClose === book.lastClose ? book.lastClose : null;
}

function reach(book: Book): void {
  let to = Number.NEGATIVE_INFINITY;
  let from = Number.POSITIVE_INFINITY;
  for (const order of book.resting) {
    if (order.stop === order.stop) to = Math.max(to, order.stop);
    if (order.type === 'market') {
      if (order.stopPrice === null) to = Number.POSITIVE_INFINITY;
    } else if (order.side === 'buy') to = Math.max(to, order.limit);
    else from = Math.min(from, order.limit);
  }
  book.fillsTo = to;
  book.fillsFrom = from;
}
