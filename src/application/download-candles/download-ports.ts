import type { Candle, Timeframe } from '../../domain/shared/candle.js';

/** Past candles of an exchange, paged: CcxtExchange.fetchOHLCV fits. */
export interface CandleHistorySource {
  /** Candles with openTime >= since (and < until), oldest first, at most `limit`. */
  fetchOHLCV(symbol: string, timeframe: Timeframe, since: number, query?: { readonly until?: number; readonly limit?: number }): Promise<Candle[]>;
}

/** What is stored for one pair and timeframe after a write. Times are open times, UTC ms. */
export interface StoredCandles {
  readonly first: number;
  readonly last: number;
  readonly count: number;
  /** Runs of missing candles inside [first, last], and how many candles they miss. */
  readonly gaps: number;
  readonly missingBars: number;
}

/** Where downloaded candles go: the candle store of `data import`. */
export interface CandleSink {
  /** What is stored now (its `last` is where a download resumes), or null when nothing is. */
  stored(symbol: string, timeframe: Timeframe): Promise<StoredCandles | null>;
  /**
   * Checks and stores candles, all of them or none (throws naming the bad candle). A candle
   * already stored with the same values is not added again.
   */
  write(symbol: string, timeframe: Timeframe, candles: readonly Candle[]): Promise<{ readonly added: number; readonly series: StoredCandles }>;
}
