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
    return new MatchedReplay(this.source.replay(symbols, timeframe, signal), this.exchange);
  }
}

/**
 * The inner replay with each tick's candles shown to the exchange first. A replay hands out
 * the same candle objects every time, so the book of each position is looked up once.
 */
class MatchedReplay implements Iterator<readonly ReplayedCandle[], undefined> {
  readonly #seen: (ReplayedCandle | undefined)[] = [];
  readonly #books: unknown[] = [];

  constructor(
    private readonly source: Iterator<readonly ReplayedCandle[], undefined>,
    private readonly exchange: CandleSink,
  ) {}

  next(): IteratorResult<readonly ReplayedCandle[], undefined> {
    const result = this.source.next();
    if (result.done === true) return result;
    const batch = result.value;
    const seen = this.#seen;
    const books = this.#books;
    const exchange = this.exchange;
    for (let i = 0; i < batch.length; i += 1) {
      const closed = batch[i]!;
      if (seen[i] !== closed) {
        seen[i] = closed;
        books[i] = exchange.bookOf(closed.symbol);
      }
      const book = books[i];
      if (book !== undefined) exchange.onBookCandle(book, closed.candle, closed.candle);
    }
    return result;
  }
}
