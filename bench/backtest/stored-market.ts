import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as ColumnsModule from '../../src/infrastructure/market-data/candle-store/candle-columns.js';
import type * as FileModule from '../../src/infrastructure/market-data/candle-store/candle-file.js';
import type * as NameModule from '../../src/infrastructure/market-data/candle-store/series-name.js';
import type { syntheticMarket } from './synthetic-market.js';

const dist = new URL('../../dist/', import.meta.url);
const load = <T>(path: string): Promise<T> => import(new URL(path, dist).href) as Promise<T>;

/**
 * The market as `dealbot data import` stores it: one candle file per pair, from the compiled
 * dist/. Written with the file codec, not CandleStore.write, because the synthetic open times are
 * not on the minute grid that an import checks; the in-process benches replay the very same times.
 */
export async function writeStore(dataDir: string, market: ReturnType<typeof syntheticMarket>): Promise<void> {
  const { encodeSeries } = await load<typeof FileModule>('infrastructure/market-data/candle-store/candle-file.js');
  const { columnsFromCandles, gapStats } = await load<typeof ColumnsModule>('infrastructure/market-data/candle-store/candle-columns.js');
  const { seriesFileName } = await load<typeof NameModule>('infrastructure/market-data/candle-store/series-name.js');
  mkdirSync(dataDir, { recursive: true });
  for (const [symbol, candles] of Object.entries(market)) {
    const columns = columnsFromCandles(candles);
    const header = { version: 1, symbol, timeframe: '1m', count: columns.length, first: columns.openTime[0]!, last: columns.openTime[columns.length - 1]!, ...gapStats(columns.openTime, '1m') } as const;
    writeFileSync(join(dataDir, seriesFileName(symbol, '1m')), encodeSeries(header, columns));
  }
}
