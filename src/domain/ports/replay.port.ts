import type { Candle, Timeframe } from '../shared/candle.js';
import type { ClosedCandle, MarketFeed } from './market-feed.port.js';

/** How far ahead in its series a replayed candle first reaches a price. */
export interface LookAhead {
  /**
   * The open time of the first candle, from the current one on and within `limit` rows, whose
   * low is at or below `to` or whose high is at or above `from` (a side at -/+Infinity is not
   * read); when none does, the open time of the row after them, or +Infinity at the end.
   */
  reachedAt(to: number, from: number, limit: number): number;
}

/**
 * A candle of a replay: one object per series that moves to the next row on every tick, so it
 * is read within its tick, never kept. It can look ahead in its series.
 */
export interface ReplayCandle extends Candle, LookAhead {}

export interface ReplayedCandle extends ClosedCandle {
  readonly candle: ReplayCandle;
  /** Where its symbol stands in the list the replay was asked for: a reader can find its pair without a lookup. */
  readonly slot: number;
}

/**
 * Stored history, replayed synchronously: the backtest's feed. A tick and its candles are
 * valid until the next call to `next()`.
 */
export interface ReplayFeed extends MarketFeed {
  replay(symbols: readonly string[], timeframe: Timeframe, signal?: AbortSignal): Iterator<readonly ReplayedCandle[], undefined>;
}
