import type { Candle, Timeframe } from '../shared/candle.js';

export interface ClosedCandle {
  readonly symbol: string;
  readonly timeframe: Timeframe;
  readonly candle: Candle;
}

/**
 * Closed candles for many pairs. A tick is every candle that closed at the same moment,
 * in symbol order; ticks come in time order.
 */
export interface MarketFeed {
  /** The closed candles before the stream starts, oldest first, at most `limit`. */
  history(symbol: string, timeframe: Timeframe, limit: number): Promise<readonly Candle[]>;
  /** Ends when the feed ends or `signal` aborts. */
  ticks(symbols: readonly string[], timeframe: Timeframe, signal?: AbortSignal): AsyncIterable<readonly ClosedCandle[]>;
}
