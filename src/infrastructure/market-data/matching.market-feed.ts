import type { ClosedCandle, MarketFeed } from '../../domain/ports/market-feed.port.js';
import type { LookAhead, ReplayedCandle, ReplayFeed } from '../../domain/ports/replay.port.js';
import type { Candle, Timeframe } from '../../domain/shared/candle.js';

/** Whatever matches orders against closed candles; the paper exchange. */
export interface CandleSink<Book = unknown> {
  /** Where the candles of `symbol` go; undefined: the sink ignores them. */
  bookOf(symbol: string): Book | undefined;
  /** `ahead`: the candle's series, where it can be read ahead (a replay). */
  onBookCandle(book: Book, candle: Candle, ahead?: LookAhead): void;
}

/**
 * Shows every candle to the exchange before the bot sees it, so resting orders fill
 * exactly as they would have while the candle was forming. Paper and backtest modes wrap
 * their feed in this; the strategy side does not change.
 */
export class MatchingFeed implements MarketFeed {
  constructor(
    protected readonly inner: MarketFeed,
    protected readonly exchange: CandleSink,
  ) {}

  history(symbol: string, timeframe: Timeframe, limit: number): Promise<readonly Candle[]> {
    return this.inner.history(symbol, timeframe, limit);
  }

  /** A plain iterator over the inner one: the exchange sees each tick's candles before the caller. */
  ticks(symbols: readonly string[], timeframe: Timeframe, signal?: AbortSignal): AsyncIterableIterator<readonly ClosedCandle[]> {
    const exchange = this.exchange;
    const source = this.inner.ticks(symbols, timeframe, signal)[Symbol.asyncIterator]();
    const show = (result: IteratorResult<readonly ClosedCandle[]>): IteratorResult<readonly ClosedCandle[]> => {
      if (result.done !== true) {
        for (const closed of result.value) {
          const book = exchange.bookOf(closed.symbol);
          if (book !== undefined) exchange.onBookCandle(book, closed.candle);
        }
      }
      return result;
    };
    const iterator: AsyncIterableIterator<readonly ClosedCandle[]> = {
      next: () => source.next().then(show),
      return: async (value?: unknown) => (source.return === undefined ? { done: true, value: undefined } : source.return(value)),
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }

  watch(symbol: string, timeframe: Timeframe, limit: number): Promise<readonly Candle[]> {
    return this.inner.watch === undefined ? Promise.reject(new Error('this market feed cannot add pairs while it runs')) : this.inner.watch(symbol, timeframe, limit);
  }

  unwatch(symbol: string): void {
    this.inner.unwatch?.(symbol);
  }
}

/** A replay with the same matching: the exchange may read each candle's series ahead. */
export class MatchingReplayFeed extends MatchingFeed implements ReplayFeed {
  constructor(
    private readonly source: ReplayFeed,
    exchange: CandleSink,
  ) {
    super(source, exchange);
  }

  replay(symbols: readonly string[], timeframe: Timeframe, signal?: AbortSignal): Iterator<readonly ReplayedCandle[], undefined> {
    const books = symbols.map((symbol) => this.exchange.bookOf(symbol));
    return new MatchedReplay(this.source.replay(symbols, timeframe, signal), this.exchange, books);
  }
}

/** The inner replay with each tick's candles shown to the exchange first, through the book of each candle's slot. */
class MatchedReplay implements Iterator<readonly ReplayedCandle[], undefined> {
  constructor(
    private readonly source: Iterator<readonly ReplayedCandle[], undefined>,
    private readonly exchange: CandleSink,
    private readonly books: readonly unknown[],
  ) {}

  next(): IteratorResult<readonly ReplayedCandle[], undefined> {
    const result = this.source.next();
    if (result.done === true) return result;
    for (const closed of result.value) {
      const book = this.books[closed.slot];
      if (book !== undefined) this.exchange.onBookCandle(book, closed.candle, closed.candle);
    }
    return result;
  }
}
