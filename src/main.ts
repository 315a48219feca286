#!/usr/bin/env node
import { mkdirSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import type { BacktestSetup } from './application/backtest/backtest-runner.js';
import type { ReconcileReport } from './application/reconcile-orders/reconcile-orders.use-case.js';
import type { TradedPair, TradingContext } from './application/shared/trading-context.js';
import { TradingLoop } from './application/trading-loop/trading-loop.js';
import { CurrencyPair } from './domain/currency-pair/currency-pair.entity.js';
import type { EventPublisher } from './domain/ports/event-publisher.port.js';
import type { UnitOfWork } from './domain/ports/repositories.port.js';
import { SignalService } from './domain/services/signal.service.js';
import { RuleStrategy } from './domain/services/rules/rule.strategy.js';
import { RsiMacdStrategy, type Strategy } from './domain/services/strategy.js';
import { TradingService } from './domain/services/trading.service.js';
import { dec, type DecimalInput } from './domain/shared/decimal.js';
import { SimulatedClock } from './infrastructure/clock/simulated.clock.js';
import { SystemClock } from './infrastructure/clock/system.clock.js';
import { ConfigError } from './infrastructure/config/config.loader.js';
import type { ApiCredentials } from './infrastructure/config/credentials.js';
import type { ExchangeLogger } from './infrastructure/exchange/ccxt/secret-redactor.js';
import { MarketClockFeed } from './infrastructure/market-data/market-clock.feed.js';
import type { DealbotConfig } from './infrastructure/config/config.schema.js';
import { FanoutPublisher } from './infrastructure/events/fanout.publisher.js';
import { DurablePaperExchange, type AccountFileSection } from './infrastructure/exchange/paper/durable-paper.exchange.js';
import { PaperExchange } from './infrastructure/exchange/paper/paper.exchange.js';
import type { PaperFeeMode } from './infrastructure/exchange/paper/paper-fees.js';
import { SequentialIds } from './infrastructure/ids/sequential-ids.js';
import { CandleReplayFeed, type CandleSeries } from './infrastructure/market-data/candle-replay.market-feed.js';
import { MatchingFeed, MatchingReplayFeed } from './infrastructure/market-data/matching.market-feed.js';
import { SimulatedMarketFeed } from './infrastructure/market-data/simulated.market-feed.js';
import { SimulatedMarketPosition } from './infrastructure/market-data/simulated-market.position.js';
import { TIMEFRAME_MS } from './domain/shared/candle.js';
import { InMemoryUnitOfWork } from './infrastructure/persistence/in-memory/in-memory.unit-of-work.js';
import { RelayingUnitOfWork } from './infrastructure/events/outbox-relay.js';
import { migrateToLatest, openDatabase, SqlUnitOfWork } from './infrastructure/persistence/sql/index.js';
import { acquireInstanceLock } from './infrastructure/persistence/instance-lock/index.js';
import { runCli } from './interfaces/cli/program.js';
import type { CliDeps, DownloadSession, TradingSession } from './interfaces/cli/session.js';
import { DownloadCandles } from './application/download-candles/download-candles.use-case.js';
import type { CandleSink } from './application/download-candles/download-ports.js';
import type { Clock } from './domain/ports/clock.port.js';
import { CandleStore, formatUtc } from './infrastructure/market-data/candle-store/candle-store.js';

/** The composition root: the one place that chooses adapters. */

export interface PaperAccount {
  readonly balances?: Readonly<Record<string, DecimalInput>>;
  readonly makerFee?: DecimalInput;
  readonly takerFee?: DecimalInput;
}

/** Pairs with the market rules the paper exchange enforces for them. */
function tradedPairs(config: DealbotConfig, account: PaperAccount): Map<string, TradedPair> {
  const pairs = new Map<string, TradedPair>();
  for (const p of config.pairs) {
    const pair = CurrencyPair.create(p);
    const rules = p.paperMarket;
    if (!rules) throw new Error(`pairs: ${p.symbol} has no paperMarket (priceStep, amountStep)`);
    pairs.set(pair.symbol, {
      pair,
      market: {
        symbol: pair.symbol,
        base: pair.base,
        quote: pair.quote,
        amountStep: dec(rules.amountStep),
        priceStep: dec(rules.priceStep),
        minAmount: dec(rules.minAmount),
        minCost: dec(rules.minCost),
        makerFee: dec(account.makerFee ?? config.paper.makerFee),
        takerFee: dec(account.takerFee ?? config.paper.takerFee),
      },
    });
  }
  return pairs;
}

/** Binance's discount for fees paid in BNB; other third currencies get none. */
function paperFeeMode(currency: string): PaperFeeMode {
  if (currency === 'quote' || currency === 'received') return currency;
  return { currency, discount: currency === 'BNB' ? '0.25' : '0' };
}

/** Paper account + the given state + the same context live trading will use. */
function paperContext(config: DealbotConfig, clock: SimulatedClock, account: PaperAccount, uow: UnitOfWork, idTag?: string, durable?: { readonly file: string; readonly section: AccountFileSection }) {
  const pairs = tradedPairs(config, account);
  const options = { markets: [...pairs.values()].map((p) => p.market), balances: account.balances ?? config.paper.balances, clock, feeMode: paperFeeMode(config.paper.feeCurrency) };
  const exchange = durable ? new DurablePaperExchange(options, durable.file, durable.section) : new PaperExchange(options);
  const ctx: TradingContext = { exchange, uow, clock, ids: new SequentialIds(idTag), trading: new TradingService(), prefix: config.botPrefix, pairs };
  return { ctx, exchange };
}

/** The database of the config, migrated, with events relayed as they commit. */
export async function openStore(config: DealbotConfig, publisher: EventPublisher, url = config.database): Promise<Store> {
  const database = await openDatabase(url);
  // One run per database, taken before migrations or any state is read; released after the close.
  const lock = await acquireInstanceLock(url, database, config.botPrefix).catch(async (error: unknown) => {
    await database.close();
    throw error;
  });
  const close = async (): Promise<void> => {
    await database.close();
    await lock.release();
  };
  try {
    await migrateToLatest(database);
  } catch (error) {
    await close();
    throw error;
  }
  const uow = new RelayingUnitOfWork(new SqlUnitOfWork(database), publisher);
  return { uow, location: database.location, close };
}

export interface Store {
  readonly uow: UnitOfWork;
  readonly location: string;
  close(): Promise<void>;
}

function strategyOf(config: DealbotConfig): Strategy {
  return config.strategy.rule === undefined ? new RsiMacdStrategy(new SignalService(config.strategy)) : new RuleStrategy(config.strategy.rule);
}

/**
 * Paper trading: the simulated market, or replayed candles when `series` is given. With a file
 * database the simulated market's paper account and position live in the account file beside
 * it (see paperAccountFile), so a restart resumes the same account on the next candle.
 */
export async function composePaperSession(config: DealbotConfig, publisher: EventPublisher, series?: Readonly<Record<string, CandleSeries>>, idTag?: string): Promise<TradingSession> {
  const store = await openStore(config, publisher);
  try {
    const startTime = series ? 0 : Date.parse(config.market.startTime);
    const clock = new SimulatedClock(startTime);
    if (series) {
      await refuseReplayOverWorkingDeals(config, store);
      const { ctx, exchange } = paperContext(config, clock, {}, store.uow, idTag);
      const loop = new TradingLoop(ctx, new MatchingFeed(new CandleReplayFeed({ series, timeframe: config.timeframe, clock, warmup: 0 }), exchange), strategyOf(config), { timeframe: config.timeframe, windowSize: config.windowSize });
      return { loop, ctx, database: store.location, readDeals: () => store.uow.read((r) => r.deals.getAll()), close: () => store.close() };
    }
    const symbols = config.pairs.map((p) => ({ symbol: p.symbol, startPrice: p.paperMarket?.startPrice ?? 0, priceStep: Number(p.paperMarket?.priceStep) }));
    const position = new SimulatedMarketPosition({ seed: config.market.seed, timeframe: config.timeframe, startTime, symbols });
    const file = paperAccountFile(config);
    const { ctx, exchange } = file === null ? paperContext(config, clock, {}, store.uow, idTag) : openSimulatedAccount(config, clock, store, file, position, idTag);
    const resumeFrom = file === null ? 0 : await resumePoint(store, file, position, exchange);
    if (resumeFrom > 0) clock.set(startTime + resumeFrom * TIMEFRAME_MS[config.timeframe]);
    const source = new SimulatedMarketFeed({ symbols, timeframe: config.timeframe, seed: config.market.seed, startTime, candles: config.market.candles, resumeFrom, clock, paceMs: config.market.paceMs });
    const sink = file === null ? exchange : position.sink(exchange, (book) => book.market.symbol);
    const loop = new TradingLoop(ctx, new MatchingFeed(source, sink), strategyOf(config), { timeframe: config.timeframe, windowSize: config.windowSize });
    return { loop, ctx, database: store.location, readDeals: () => store.uow.read((r) => r.deals.getAll()), close: () => store.close() };
  } catch (error) {
    await store.close();
    throw error;
  }
}

/** The durable paper account of a simulated run; a file that cannot be resumed is refused in one line. */
function openSimulatedAccount(config: DealbotConfig, clock: SimulatedClock, store: Store, file: string, position: SimulatedMarketPosition, idTag?: string) {
  try {
    return paperContext(config, clock, {}, store.uow, idTag, { file, section: position });
  } catch (error) {
    throw new ConfigError(`${file}: cannot resume this paper account: ${(error as Error).message}`);
  }
}

/** Candles of the series already traded; refuses an account whose database was replaced (its deals would be strangers). */
async function resumePoint(store: Store, file: string, position: SimulatedMarketPosition, exchange: PaperExchange): Promise<number> {
  let from: number;
  try {
    from = position.resumeFrom();
  } catch (error) {
    throw new ConfigError(`${file}: cannot resume this paper account: ${(error as Error).message}`);
  }
  const orders = exchange.orders().length;
  if (position.loaded && orders > 0 && (await store.uow.read((r) => r.deals.getAll())).length === 0) {
    throw new ConfigError(`${file}: the paper account holds ${orders} orders but ${store.location} holds no deals: delete the account file to start over, or use the database that made it`);
  }
  return from;
}

/** A replay starts at its first candle with a fresh paper account: a database with working deals cannot go on from there. */
async function refuseReplayOverWorkingDeals(config: DealbotConfig, store: Store): Promise<void> {
  const working = await store.uow.read((r) => r.deals.getOpenDeals());
  if (working.length === 0) return;
  throw new ConfigError(`${store.location} holds ${working.length} working deals, and paper trading on stored candles replays from the first candle with a fresh paper account: use another database (or sqlite::memory:)`);
}

/**
 * A backtest: replayed candles, a simulated clock, the paper exchange; deterministic ids. With
 * `from`, the candles before it are history the indicators warm up on, as live trading's are.
 */
export function composeBacktest(config: DealbotConfig, series: Readonly<Record<string, CandleSeries>>, account: PaperAccount = {}, replay: { readonly from?: number } = {}): BacktestSetup {
  const clock = new SimulatedClock(0);
  const events = new FanoutPublisher();
  const { ctx, exchange } = paperContext(config, clock, account, new InMemoryUnitOfWork(undefined, events), 'bt');
  const feed = new MatchingReplayFeed(new CandleReplayFeed({ series, timeframe: config.timeframe, clock, ...(replay.from !== undefined && { from: replay.from }) }), exchange);
  const expectedTicks = Math.max(0, ...Object.values(series).map((s) => s.length));
  return { ctx, events, feed, strategy: strategyOf(config), timeframe: config.timeframe, windowSize: config.windowSize, expectedTicks };
}

export interface RealtimeOptions {
  /** Real orders with these keys; without, paper fills on the exchange's live candles. */
  readonly credentials?: ApiCredentials;
  readonly logger?: ExchangeLogger;
  /** Told what the start-up reconciliation found, before any strategy runs. */
  readonly onReconciled?: (report: ReconcileReport) => void;
}

/** ccxt is large (about 200 MB resident): only commands that talk to an exchange load it. */
async function loadCcxt() {
  const [{ CcxtExchange }, { CcxtMarketFeed }] = await Promise.all([import('./infrastructure/exchange/ccxt/ccxt-exchange.js'), import('./infrastructure/market-data/ccxt/ccxt-market-feed.js')]);
  return { CcxtExchange, CcxtMarketFeed };
}

/** Live or paper trading on an exchange's real market data (ccxt REST + websockets). */
export async function composeRealtimeSession(config: DealbotConfig, publisher: EventPublisher, options: RealtimeOptions = {}): Promise<TradingSession> {
  const system = new SystemClock();
  const { CcxtExchange, CcxtMarketFeed } = await loadCcxt();
  const connector = await CcxtExchange.create({
    exchangeId: config.exchange.id,
    clock: system,
    timeoutMs: config.exchange.timeoutMs,
    clientOrderIdPrefix: config.botPrefix,
    ...(options.credentials && { credentials: options.credentials }),
    ...(config.exchange.urls && { urls: { api: config.exchange.urls } }),
    ...(options.logger && { logger: options.logger }),
  });
  const closers: (() => Promise<void>)[] = [() => connector.close()];
  const closeAll = async (): Promise<void> => {
    for (const close of closers.reverse()) await close();
  };
  try {
    const available = new Map((await connector.loadMarkets()).map((m) => [m.symbol, m]));
    const pairs = new Map<string, TradedPair>();
    for (const p of config.pairs) {
      const market = available.get(p.symbol);
      if (!market) throw new ConfigError(`pairs: ${p.symbol} is not traded on ${config.exchange.id}`);
      pairs.set(p.symbol, { pair: CurrencyPair.create(p), market });
    }
    const marketClock = new SimulatedClock(system.now());
    const candles = await CcxtMarketFeed.forExchange(connector, { clock: system });
    const live = options.credentials !== undefined;
    const paperOptions = { markets: [...pairs.values()].map((p) => p.market), balances: config.paper.balances, clock: marketClock, feeMode: paperFeeMode(config.paper.feeCurrency) };
    const accountFile = paperAccountFile(config);
    const paper = live ? null : accountFile ? new DurablePaperExchange(paperOptions, accountFile) : new PaperExchange(paperOptions);
    const feed = new MarketClockFeed(paper ? new MatchingFeed(candles, paper) : candles, marketClock);
    const store = await openStore(config, publisher);
    closers.push(() => store.close());
    const ctx: TradingContext = { exchange: paper ?? connector, uow: store.uow, clock: marketClock, ids: new SequentialIds(), trading: new TradingService(), prefix: config.botPrefix, pairs };
    const loop = new TradingLoop(ctx, feed, strategyOf(config), { timeframe: config.timeframe, windowSize: config.windowSize, ...(options.onReconciled && { onReconciled: options.onReconciled }) });
    return { loop, ctx, database: store.location, readDeals: () => store.uow.read((r) => r.deals.getAll()), close: closeAll };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

/** `data download`: an exchange's REST candles into the candle store; `clock` (system) decides which have closed. */
export async function composeDownload(exchange: DealbotConfig['exchange'], dataDir: string, options: { readonly clock?: Clock } = {}): Promise<DownloadSession> {
  const clock = options.clock ?? new SystemClock();
  const urls = exchange.urls && { urls: { api: exchange.urls } };
  const { CcxtExchange } = await loadCcxt();
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

/** Where paper trading with a file database keeps its simulated account: beside a SQLite file, else under ./data. */
function paperAccountFile(config: DealbotConfig): string | null {
  const url = config.database;
  if (url === 'sqlite::memory:') return null;
  if (url.startsWith('sqlite:')) return `${url.slice('sqlite:'.length)}.paper.json`;
  mkdirSync('data', { recursive: true });
  return `data/${config.botPrefix}paper-account.json`;
}

/** The exchange connector's log: JSON lines on stderr, at DEALBOT_LOG_LEVEL (default info). */
export function exchangeLogger(): ExchangeLogger {
  return pino({ level: process.env.DEALBOT_LOG_LEVEL ?? 'info', base: null }, process.stderr);
}

export const DEFAULT_CONFIG_PATH = fileURLToPath(new URL('../config/default.yaml', import.meta.url));

/** What the CLI is handed: the compositions above and the adapters its commands use. */
export const CLI_DEPS: CliDeps = { composePaperSession, composeRealtimeSession, composeBacktest, composeDownload, openDatabase, exchangeLogger, candleStore: (dataDir) => new CandleStore(dataDir), defaultConfigPath: DEFAULT_CONFIG_PATH };

if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await runCli(process.argv, CLI_DEPS);
}
