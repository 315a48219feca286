import type { OHLCV } from 'ccxt';
import type { Candle, Timeframe } from '../../../domain/shared/candle.js';
import { STREAM_CANDLES_KEPT } from '../../exchange/ccxt/capabilities.js';
import type { CcxtClient } from '../../exchange/ccxt/ccxt-client.js';
import { toCandle } from '../../exchange/ccxt/ccxt-mapping.js';

/** Live candle updates for many symbols over one connection. */
export interface CandleStream {
  /**
   * Waits for the next update of any of the symbols and returns the latest candles the
   * stream holds per symbol (oldest first). Rejects when the connection fails or is reset.
   */
  next(symbols: readonly string[], timeframe: Timeframe): Promise<ReadonlyMap<string, readonly Candle[]>>;
  /** Drops the connection and what it had cached; the next `next` reconnects and resubscribes. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

/** How many of the newest cached candles per symbol each update reports: all that ccxt keeps (OHLCVLimit). */
const TAIL = STREAM_CANDLES_KEPT;

/** ccxt.pro watchOHLCVForSymbols: one subscription for every symbol, on one connection. */
export class CcxtCandleStream implements CandleStream {
  constructor(private readonly client: CcxtClient) {}

  async next(symbols: readonly string[], timeframe: Timeframe): Promise<ReadonlyMap<string, readonly Candle[]>> {
    await this.client.watchOHLCVForSymbols(symbols.map((s) => [s, timeframe]));
    // Read the cache, not just the resolved symbol: updates of several symbols can land in one turn.
    const out = new Map<string, readonly Candle[]>();
    const cache = (this.client.ohlcvs ?? {}) as Record<string, Record<string, OHLCV[] | undefined> | undefined>;
    for (const symbol of symbols) {
      const rows = cache[symbol]?.[timeframe];
      if (rows !== undefined && rows.length > 0) out.set(symbol, rows.slice(-TAIL).map(toCandle));
    }
    return out;
  }

  async reset(): Promise<void> {
    await this.client.close();
    this.client.ohlcvs = {};
  }

  async close(): Promise<void> {
    await this.reset();
  }
}
