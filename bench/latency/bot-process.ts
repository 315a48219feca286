/**
 * The bot half of the latency benchmark, in its own process so its memory is its own: the
 * realtime composition of main.ts (ccxt connector with keys, ccxt.pro feed, market clock,
 * SQLite in a file of a temporary folder, so that each commit pays its fsync; the default
 * RSI/MACD strategy) against the local server the parent runs. Settings come in LATENCY_BOT
 * (JSON); it reports each processed tick with what it timed inside (in-bot-timing.ts) and,
 * asked, its memory.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TradedPair, TradingContext } from '../../src/application/shared/trading-context.js';
import { TradingLoop } from '../../src/application/trading-loop/trading-loop.js';
import type { ClosedCandle } from '../../src/domain/ports/market-feed.port.js';
import { CurrencyPair } from '../../src/domain/currency-pair/currency-pair.entity.js';
import { SignalService, type SignalParams } from '../../src/domain/services/signal.service.js';
import { RsiMacdStrategy } from '../../src/domain/services/strategy.js';
import { TradingService } from '../../src/domain/services/trading.service.js';
import { SimulatedClock } from '../../src/infrastructure/clock/simulated.clock.js';
import { RelayingUnitOfWork } from '../../src/infrastructure/events/outbox-relay.js';
import { CcxtExchange } from '../../src/infrastructure/exchange/ccxt/ccxt-exchange.js';
import { SequentialIds } from '../../src/infrastructure/ids/sequential-ids.js';
import { CcxtCandleStream } from '../../src/infrastructure/market-data/ccxt/candle-stream.js';
import { CcxtMarketFeed } from '../../src/infrastructure/market-data/ccxt/ccxt-market-feed.js';
import { MarketClockFeed } from '../../src/infrastructure/market-data/market-clock.feed.js';
import { migrateToLatest, openDatabase, SqlUnitOfWork } from '../../src/infrastructure/persistence/sql/index.js';
import { configSchema } from '../../src/infrastructure/config/config.schema.js';
import { prepareApi } from '../../src/main/api.js';
import { InBotTiming, type TickTiming } from './in-bot-timing.js';

export interface BotSettings {
  readonly urls: Record<string, unknown>;
  readonly credentials: { readonly apiKey: string; readonly secret: string };
  readonly symbols: readonly string[];
  /** The "system" time the bot sees, held still: candles close by the stream's next open, not by the clock. */
  readonly now: number;
  readonly windowSize: number;
  readonly strategy: SignalParams;
  /** ccxt's rateLimit (ms per request weight); ccxt's own value for the exchange when absent. */
  readonly rateLimitMs?: number;
  /** Serve the REST API (as `dealbot run --api` does) on a free loopback port with this token. */
  readonly apiToken?: string;
}

export type BotMessage =
  | { readonly type: 'tick'; readonly openTime: number; readonly candles: number; readonly timing: TickTiming }
  | { readonly type: 'api'; readonly url: string }
  | { readonly type: 'memory'; readonly rss: number; readonly heapUsed: number; readonly heapTotal: number }
  | { readonly type: 'failed'; readonly error: string };

const settings = JSON.parse(process.env['LATENCY_BOT'] ?? '{}') as BotSettings | { readonly baseline: true };
const send = (message: BotMessage): void => void process.send?.(message);

function memory(): BotMessage {
  (globalThis as { gc?: () => void }).gc?.();
  const { rss, heapUsed, heapTotal } = process.memoryUsage();
  return { type: 'memory', rss, heapUsed, heapTotal };
}

// Baseline: the same modules loaded (ccxt among them), nothing composed or running.
if ('baseline' in settings) {
  send(memory());
  process.disconnect?.();
  process.exit(0);
}

const timing = new InBotTiming();
const clock = { now: () => settings.now };
const connector = await CcxtExchange.create({
  exchangeId: 'binance',
  clock,
  credentials: settings.credentials,
  urls: { api: settings.urls },
  timeoutMs: 10_000,
  // a tick a second, not a minute: Binance's order limits are lifted at the server (run-scenario.ts), and the clock here is held still
  capabilities: { orderRateLimits: [] },
  ...(settings.rateLimitMs !== undefined && { ccxtConfig: { rateLimit: settings.rateLimitMs } }),
});
const markets = new Map((await connector.loadMarkets()).map((m) => [m.symbol, m]));
const pairs = new Map<string, TradedPair>(
  settings.symbols.map((symbol) => [symbol, { pair: CurrencyPair.create({ symbol, dealQuota: '20', profitMarkup: '0.001', dealCount: 1, orderLifeTime: 600 }), market: markets.get(symbol)! }]),
);
const marketClock = new SimulatedClock(clock.now());
const streamClient = await connector.streamClient();
timing.watchKlines(streamClient);
const feed = new MarketClockFeed(new CcxtMarketFeed({ rest: connector, stream: new CcxtCandleStream(streamClient), clock, logger: connector.logger }), marketClock);
const folder = mkdtempSync(join(tmpdir(), 'dealbot-latency-'));
const database = await openDatabase(`sqlite:${join(folder, 'bot.db')}`);
await migrateToLatest(database);
// the API of `dealbot run --api`: its event stream, metrics and equity samples see what the run does
const api =
  settings.apiToken === undefined
    ? null
    : prepareApi(configSchema.parse({ mode: 'live', market: { source: 'exchange' }, pairs: settings.symbols.map((symbol) => ({ symbol, dealQuota: '20', profitMarkup: '0.001', dealCount: 1, orderLifeTime: 600 })) }), { host: '127.0.0.1', port: 0, token: settings.apiToken, rateLimit: { max: 1_000_000, windowMs: 60_000 } });
const uow = timing.timedSaves(new RelayingUnitOfWork(timing.timedStore(new SqlUnitOfWork(database)), { publish: async (events) => api?.publish(events) }));
const ctx: TradingContext = { exchange: connector, uow, clock: marketClock, ids: new SequentialIds('lat'), trading: new TradingService(), prefix: 'dlb-', pairs };
const loop = new TradingLoop(ctx, feed, new RsiMacdStrategy(new SignalService(settings.strategy)), { timeframe: '1m', windowSize: settings.windowSize });

const stop = new AbortController();
process.on('message', (message: unknown) => {
  if (message === 'memory') send(memory());
  else if (message === 'stop') stop.abort();
});

try {
  if (api !== null) send({ type: 'api', url: await api.start({ loop }) });
  const afterTick = async (tick: readonly ClosedCandle[], changed: boolean): Promise<void> => {
    await api?.afterTick(tick, changed);
    send({ type: 'tick', openTime: tick[0]?.candle.openTime ?? 0, candles: tick.length, timing: timing.take() });
  };
  await loop.run(stop.signal, afterTick, timing.loopWatch(api?.loopWatch));
} catch (error) {
  send({ type: 'failed', error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
} finally {
  await api?.close();
  await connector.close();
  await database.close();
  rmSync(folder, { recursive: true, force: true });
  process.disconnect?.();
}
