import type { ClosedCandle, MarketFeed } from '../../domain/ports/market-feed.port.js';
import type { Candle, Timeframe } from '../../domain/shared/candle.js';

/** Whatever matches orders against closed candles; the paper exchange. */
export interface CandleSink {
  onCandle(symbol: string, candle: Candle): void;
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
        for (let i = 0; i < batch.length; i += 1) exchange.onCandle(batch[i]!.symbol, batch[i]!.candle);
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

/** The inner replay with each tick's candles shown to the exchange first; a class, so its code is as fast in every run. */
class MatchedReplay implements Iterator<readonly ClosedCandle[], undefined> {
  constructor(
    private readonly source: Iterator<readonly ClosedCandle[], undefined>,
    private readonly exchange: CandleSink,
  ) {}

  next(): IteratorResult<readonly ClosedCandle[], undefined> {
    const result = this.source.next();
    if (result.done !== true) {
      const batch = result.value;
      for (let i = 0; i < batch.length; i += 1) this.exchange.onCandle(batch[i]!.symbol, batch[i]!.candle);
    }
    return result;
  }
}
