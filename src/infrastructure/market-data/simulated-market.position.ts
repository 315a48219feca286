import type { Candle, Timeframe } from '../../domain/shared/candle.js';
import { TIMEFRAME_MS } from '../../domain/shared/candle.js';
import type { AccountFileSection } from '../exchange/paper/durable-paper.exchange.js';
import type { CandleSink } from './matching.market-feed.js';
import type { SimulatedSymbol } from './simulated-candle.generator.js';

/** What makes a simulated market's candles: the same values make the same sequence. */
export interface SimulatedMarketIdentity {
  readonly seed: number;
  readonly timeframe: Timeframe;
  readonly startTime: number;
  readonly symbols: readonly SimulatedSymbol[];
}

interface SavedPosition {
  readonly seed: number;
  readonly timeframe: Timeframe;
  readonly startTime: number;
  readonly symbols: Readonly<Record<string, { readonly startPrice: number; readonly priceStep: number }>>;
  /** Per symbol, the open time of the last candle the paper account was matched against. */
  readonly lastOpenTimes: Readonly<Record<string, number>>;
}

/** A paper account file that cannot be resumed with this market; the message says why, in one line. */
export class MarketPositionError extends Error {
  override readonly name = 'MarketPositionError';
}

const KEY = 'simulatedMarket';

/**
 * How far a paper run on the simulated market has gone, kept in its paper account file (a
 * section of it): the candle each symbol's orders were last matched against is written in the
 * same write as the fills that candle made, so after a kill the account and the position agree.
 * A restart streams the same sequence from the next candle on; a candle already matched (a kill
 * between two symbols of one tick) is not matched twice.
 */
export class SimulatedMarketPosition implements AccountFileSection {
  readonly key = KEY;
  readonly #identity: SimulatedMarketIdentity;
  readonly #lastOpen = new Map<string, number>();
  #loaded = false;

  constructor(identity: SimulatedMarketIdentity) {
    this.#identity = identity;
  }

  save(): SavedPosition {
    const { seed, timeframe, startTime } = this.#identity;
    const symbols: Record<string, { startPrice: number; priceStep: number }> = {};
    for (const s of this.#identity.symbols) symbols[s.symbol] = { startPrice: s.startPrice, priceStep: s.priceStep };
    return { seed, timeframe, startTime, symbols, lastOpenTimes: Object.fromEntries(this.#lastOpen) };
  }

  /** Refuses a file made by another market (seed, timeframe, start, a pair's prices), or by no simulated market. */
  load(saved: unknown): void {
    if (saved === undefined) throw new MarketPositionError('it holds a paper account but no simulated market position (made by paper trading on live market data?)');
    const position = saved as SavedPosition;
    const { seed, timeframe, startTime } = this.#identity;
    const differ = (what: string, was: unknown, now: unknown) => new MarketPositionError(`it was made by a simulated market with ${what} ${String(was)}; this run has ${String(now)}`);
    if (position.seed !== seed) throw differ('seed', position.seed, seed);
    if (position.timeframe !== timeframe) throw differ('timeframe', position.timeframe, timeframe);
    if (position.startTime !== startTime) throw differ('startTime', new Date(position.startTime).toISOString(), new Date(startTime).toISOString());
    for (const s of this.#identity.symbols) {
      const was = position.symbols[s.symbol];
      if (was === undefined) continue;
      if (was.startPrice !== s.startPrice || was.priceStep !== s.priceStep) throw differ(`${s.symbol} startPrice/priceStep`, `${was.startPrice}/${was.priceStep}`, `${s.startPrice}/${s.priceStep}`);
    }
    for (const [symbol, time] of Object.entries(position.lastOpenTimes)) this.#lastOpen.set(symbol, time);
    this.#loaded = true;
  }

  /** True once a saved position was loaded (the file existed). */
  get loaded(): boolean {
    return this.#loaded;
  }

  /**
   * Candles of the series every traded symbol (`traded`; all of the market's by default) has
   * been matched against, so the number the stream resumes at. Symbols traded for the first
   * time join at that candle; a symbol no longer traded (a removed pair) is left behind.
   * Symbols more than one candle apart (some were left out of earlier runs) cannot share one stream.
   */
  resumeFrom(traded: readonly string[] = this.#identity.symbols.map((s) => s.symbol)): number {
    const { startTime, timeframe } = this.#identity;
    const step = TIMEFRAME_MS[timeframe];
    const seen = this.#identity.symbols.filter((s) => traded.includes(s.symbol) && this.#lastOpen.has(s.symbol)).map((s) => ({ symbol: s.symbol, next: (this.#lastOpen.get(s.symbol)! - startTime) / step + 1 }));
    if (seen.length === 0) return 0;
    const behind = seen.reduce((a, b) => (b.next < a.next ? b : a));
    const ahead = seen.reduce((a, b) => (b.next > a.next ? b : a));
    if (ahead.next - behind.next > 1) {
      throw new MarketPositionError(`${behind.symbol} stands at candle ${behind.next} of the simulated market and ${ahead.symbol} at candle ${ahead.next}; trade the same pairs as the runs before, or start another database`);
    }
    return behind.next;
  }

  /** The exchange's candle sink, with each candle recorded as matched, and a candle matched before skipped. */
  sink<Book>(exchange: CandleSink<Book>, symbolOf: (book: Book) => string): CandleSink<Book> {
    const lastOpen = this.#lastOpen;
    return {
      bookOf: (symbol) => exchange.bookOf(symbol),
      onBookCandle(book: Book, candle: Candle): void {
        const symbol = symbolOf(book);
        const last = lastOpen.get(symbol);
        if (last !== undefined && candle.openTime <= last) return;
        lastOpen.set(symbol, candle.openTime);
        exchange.onBookCandle(book, candle);
      },
    };
  }
}
