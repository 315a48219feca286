import { DownloadCandles } from '../application/download-candles/download-candles.use-case.js';
import type { CandleSink } from '../application/download-candles/download-ports.js';
import type { Clock } from '../domain/ports/clock.port.js';
import { SystemClock } from '../infrastructure/clock/system.clock.js';
import { ConfigError } from '../infrastructure/config/config-error.js';
import type { DealbotConfig } from '../infrastructure/config/config.schema.js';
import { CcxtExchange } from '../infrastructure/exchange/ccxt/ccxt-exchange.js';
import { formatUtc } from '../infrastructure/shared/utc-time.js';
import { CandleStore } from '../infrastructure/market-data/candle-store/candle-store.js';
import type { DownloadSession } from '../interfaces/cli/session.js';

/** `data download`: an exchange's REST candles into the candle store; `clock` (system) decides which have closed. */
export async function composeDownload(exchange: DealbotConfig['exchange'], dataDir: string, options: { readonly clock?: Clock } = {}): Promise<DownloadSession> {
  const clock = options.clock ?? new SystemClock();
  const urls = exchange.urls && { urls: { api: exchange.urls } };
  const connector = await CcxtExchange.create({ exchangeId: exchange.id, clock, timeoutMs: exchange.timeoutMs, ...urls }).catch((error: unknown) => {
    throw new ConfigError(`exchange: ${error instanceof Error ? error.message : String(error)}`);
  });
  const store = new CandleStore(dataDir);
  const sink: CandleSink = {
    stored: async (symbol, timeframe) => (await store.list()).find((s) => s.symbol === symbol && s.timeframe === timeframe) ?? null,
    write: (symbol, timeframe, candles) => store.write(symbol, timeframe, candles, { source: exchange.id, locate: (i) => `candle ${formatUtc(candles[i]?.openTime ?? 0)} UTC` }),
  };
  const download = new DownloadCandles({ source: connector, sink, clock, pageSize: connector.capabilities.ohlcvPageLimit });
  return { exchangeId: exchange.id, download, close: () => connector.close() };
}
