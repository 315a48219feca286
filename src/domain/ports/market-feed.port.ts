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
  /**
   * Adds a symbol to the running `ticks` (a pair added at runtime) and returns its last `limit`
   * closed candles before the first one the ticks bring it, oldest first (what `history` gives
   * at the start). Rejects, changing nothing, with a one-line reason when this feed cannot
   * deliver the symbol. A feed without it cannot trade pairs added at runtime.
   */
  watch?(symbol: string, timeframe: Timeframe, limit: number): Promise<readonly Candle[]>;
  /** Drops a symbol from the running `ticks` (a pair removed at runtime); nothing when not watched. */
  unwatch?(symbol: string): void;
  /**
   * A tick is forming: some pairs' candles of the running `ticks` have closed, not yet all. Work
   * that can wait for that tick (the exchange's pushed order updates) is left to it, so the
   * tick's entries go out first. A feed without it never says so.
   */
  tickForming?(): boolean;
}
