import { TIMEFRAME_MS, type Candle, type Timeframe } from '../../../domain/shared/candle.js';
import type { CcxtCalls } from './ccxt-calls.js';
import type { CcxtClient } from './ccxt-client.js';
import { toCandle } from './ccxt-mapping.js';

export interface OhlcvQuery {
  /** Open times strictly before this; none by default. */
  readonly until?: number;
  /** At most this many candles. */
  readonly limit?: number;
}

export interface OhlcvRequest {
  readonly symbol: string;
  readonly timeframe: Timeframe;
  readonly since: number;
  /** Candles the exchange returns per request at most: a shorter page is the last. */
  readonly pageLimit: number;
}

/** Candles with openTime >= since (and < until), page after page, oldest first, no duplicates. */
export async function fetchOhlcvPages(client: CcxtClient, calls: CcxtCalls, request: OhlcvRequest, query: OhlcvQuery): Promise<Candle[]> {
  const { symbol, timeframe, since, pageLimit: page } = request;
  const step = TIMEFRAME_MS[timeframe];
  const { until = Number.POSITIVE_INFINITY, limit = Number.POSITIVE_INFINITY } = query;
  const out: Candle[] = [];
  for (let cursor = since; cursor < until && out.length < limit; ) {
    const from = cursor;
    const rows = await calls.read(`fetchOHLCV ${symbol} ${timeframe} ${from}`, () => client.fetchOHLCV(symbol, timeframe, from, page));
    for (const candle of rows.map(toCandle)) {
      const last = out.at(-1)?.openTime ?? Number.NEGATIVE_INFINITY;
      if (candle.openTime >= from && candle.openTime > last && candle.openTime < until && out.length < limit) out.push(candle);
    }
    const lastRow = rows.at(-1)?.[0];
    // A short page, or one that does not move the cursor on, ends the history.
    if (rows.length < page || lastRow === undefined || lastRow + step <= cursor) break;
    cursor = lastRow + step;
  }
  return out;
}
