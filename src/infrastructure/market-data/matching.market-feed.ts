import type { ClosedCandle, MarketFeed } from '../../domain/ports/market-feed.port.js';
import type { Candle, Timeframe } from '../../domain/shared/candle.js';

/** Whatever matches orders against closed candles; the paper exchange. */
export interface CandleSink<Book = unknown> {
  /** Where the candles of `symbol` go; undefined: the sink ignores them. */
  bookOf(symbol: string): Book | undefined;
  onBookCandle(book: Book, candle: Candle): void;
}

/**
 * Shows every candle to the exchange before the bot sees it, so resting orders fill
 * exactly as they would have while the candle was forming. Paper and backtest modes wrap
 * their feed in this; the strategy side does not change.
 */
export class MatchingFeed implements MarketFeed {
  readonly #inner: MarketFeed;
  readonly #exchange: CandleSink;

  constructor(inner: MarketFeed, exchange: CandleSink) {
    this.#inner = inner;
    this.#exchange = exchange;
  }

  history(symbol: string, timeframe: Timeframe, limit: number): Promise<readonly Candle[]> {
    return this.#inner.history(symbol, timeframe, limit);
  }

  /** Synchronous replay where the inner feed has it, with the same matching before each tick. */
  replay(symbols: readonly string[], timeframe: Timeframe, signal?: AbortSignal): Iterator<readonly ClosedCandle[], undefined> | undefined {
    const source = this.#inner.replay?.(symbols, timeframe, signal);
    return source === undefined ? undefined : new MatchedReplay(source, this.#exchange);
  }

  /** A plain iterator over the inner one: no async generator on the backtest hot path. */
  ticks(symbols: readonly string[], timeframe: Timeframe, signal?: AbortSignal): AsyncIterableIterator<readonly ClosedCandle[]> {
    const exchange = this.#exchange;
    const source = this.#inner.ticks(symbols, timeframe, signal)[Symbol.asyncIterator]();
    const show = (result: IteratorResult<readonly ClosedCandle[]>): IteratorResult<readonly ClosedCandle[]> => {
      if (result.done !== true) {
        const batch = result.value;
        for (let i = 0; i < batch.length; i += 1) showCandle(exchange, batch[i]!);
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

/** Shows one candle to the exchange, looking its book up by symbol. */
function showCandle(exchange: CandleSink, closed: ClosedCandle): void {
  const book = exchange.bookOf(closed.symbol);
  if (book !== undefined) exchange.onBookCandle(book, closed.candle);
}

/**
 * The inner replay with each tick's candles shown to the exchange first. A replay hands out
 * the same tick objects every time, so the book of each position is looked up once, not per
 * candle. A class, so its code is as fast in every run.
 */
class MatchedReplay implements Iterator<readonly ClosedCandle[], undefined> {
  readonly #seen: (ClosedCandle | undefined)[] = [];
  readonly #books: unknown[] = [];

  constructor(
    private readonly source: Iterator<readonly ClosedCandle[], undefined>,
    private readonly exchange: CandleSink,
  ) {}

  next(): IteratorResult<readonly ClosedCandle[], undefined> {
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
      if (book !== undefined) exchange.onBookCandle(book, closed.candle);
    }
    return result;
  }
}
