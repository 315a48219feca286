import type { PairMarkets } from '../application/manage-pairs/pair-markets.js';
import { TradingLoop } from '../application/trading-loop/trading-loop.js';
import type { CurrencyPair } from '../domain/currency-pair/currency-pair.entity.js';
import type { EventPublisher } from '../domain/ports/event-publisher.port.js';
import { TIMEFRAME_MS } from '../domain/shared/candle.js';
import { ValidationError } from '../domain/shared/domain-error.js';
import type { MarketRules } from '../domain/shared/market-rules.js';
import { SimulatedClock } from '../infrastructure/clock/simulated.clock.js';
import { ConfigError } from '../infrastructure/config/config-error.js';
import type { DealbotConfig } from '../infrastructure/config/config.schema.js';
import type { PaperExchange } from '../infrastructure/exchange/paper/paper.exchange.js';
import { CandleReplayFeed, type CandleSeries } from '../infrastructure/market-data/candle-replay.market-feed.js';
import { MatchingFeed } from '../infrastructure/market-data/matching.market-feed.js';
import { CandleStore } from '../infrastructure/market-data/candle-store/candle-store.js';
import { SimulatedMarketFeed, type SimulatedSymbol } from '../infrastructure/market-data/simulated.market-feed.js';
import { SimulatedMarketPosition } from '../infrastructure/market-data/simulated-market.position.js';
import type { TradingSession } from '../interfaces/cli/session.js';
import { paperAccountFile, paperContext, paperMarketRules, strategyOf } from './paper-context.js';
import { storedPairs } from './stored-pairs.js';
import { openStore, type Store, type StoreEvents } from './store.js';

type PaperTraded = NonNullable<Parameters<typeof paperContext>[6]>;

/**
 * Paper trading: the simulated market, or replayed candles when `series` is given. With a file
 * database the simulated market's paper account and position live in the account file beside
 * it (see paperAccountFile), so a restart resumes the same account on the next candle.
 */
export async function composePaperSession(config: DealbotConfig, publisher: EventPublisher, series?: Readonly<Record<string, CandleSeries>>, idTag?: string, events?: StoreEvents): Promise<TradingSession> {
  const store = await openStore(config, publisher, config.database, events);
  try {
    const startTime = series ? 0 : Date.parse(config.market.startTime);
    const clock = new SimulatedClock(startTime);
    const stored = await storedPairs(config, store.uow);
    const traded = { pairs: stored.map((s) => s.pair), moreMarkets: knownPaperMarkets(config) };
    const loopOptions = { timeframe: config.timeframe, windowSize: config.windowSize, sources: new Map(stored.map((s) => [s.pair.symbol, s.source])) };
    if (series) {
      await refuseReplayOverWorkingDeals(config, store);
      const all = await withStoredSeries(config, series, traded.pairs);
      const { ctx, exchange } = paperContext(config, clock, {}, store.uow, idTag, undefined, traded);
      const feed = new MatchingFeed(new CandleReplayFeed({ series: all, timeframe: config.timeframe, clock, warmup: 0 }), exchange);
      const loop = new TradingLoop(ctx, feed, strategyOf(config), { ...loopOptions, markets: paperMarkets(config, exchange) });
      return { loop, ctx: loop.context, database: store.location, eventRelays: store.relays, readDeals: () => store.uow.read((r) => r.deals.getAll()), close: () => store.close() };
    }
    const symbols = simulatedSymbols(config);
    const position = new SimulatedMarketPosition({ seed: config.market.seed, timeframe: config.timeframe, startTime, symbols });
    const file = paperAccountFile(config);
    const { ctx, exchange } = file === null ? paperContext(config, clock, {}, store.uow, idTag, undefined, traded) : openSimulatedAccount(config, clock, store, file, position, traded, idTag);
    const resumeFrom = file === null ? 0 : await resumePoint(store, file, position, exchange, traded.pairs.map((p) => p.symbol));
    if (resumeFrom > 0) clock.set(startTime + resumeFrom * TIMEFRAME_MS[config.timeframe]);
    const source = new SimulatedMarketFeed({ symbols, timeframe: config.timeframe, seed: config.market.seed, startTime, candles: config.market.candles, resumeFrom, clock, paceMs: config.market.paceMs });
    const sink = file === null ? exchange : position.sink(exchange, (book) => book.market.symbol);
    const loop = new TradingLoop(ctx, new MatchingFeed(source, sink), strategyOf(config), { ...loopOptions, markets: paperMarkets(config, exchange) });
    return { loop, ctx: loop.context, database: store.location, eventRelays: store.relays, readDeals: () => store.uow.read((r) => r.deals.getAll()), close: () => store.close() };
  } catch (error) {
    await store.close();
    throw error;
  }
}

/** The simulated market's symbols: every pair of the config and every `paper.markets` entry with a start price. */
function simulatedSymbols(config: DealbotConfig): SimulatedSymbol[] {
  const markets = [...config.pairs.map((p) => [p.symbol, p.paperMarket] as const), ...Object.entries(config.paper.markets)];
  const symbols = new Map<string, SimulatedSymbol>();
  for (const [symbol, market] of markets) {
    if (market?.startPrice !== undefined && !symbols.has(symbol)) symbols.set(symbol, { symbol, startPrice: market.startPrice, priceStep: Number(market.priceStep) });
  }
  return [...symbols.values()];
}

/** Every paper market the config knows: a saved paper account may hold orders on any of them. */
function knownPaperMarkets(config: DealbotConfig): MarketRules[] {
  const symbols = new Set([...config.pairs.map((p) => p.symbol), ...Object.keys(config.paper.markets)]);
  return [...symbols].map((symbol) => paperMarketRules(config, {}, symbol)).filter((m): m is MarketRules => m !== null);
}

/** Pairs added at runtime trade on their paper market of the config (pairs or paper.markets). */
function paperMarkets(config: DealbotConfig, exchange: PaperExchange): PairMarkets {
  return {
    async marketFor(symbol) {
      const market = paperMarketRules(config, {}, symbol);
      if (market === null) throw new ValidationError('symbol', `${symbol} has no paper market: list it under paper.markets (priceStep, amountStep${config.market.source === 'simulated' ? ', startPrice' : ''}) in the config`);
      exchange.openMarket(market);
      return market;
    },
  };
}

/** The series given, with those of the stored pairs (and paper.markets) read from the candle store; a traded pair without candles is refused. */
async function withStoredSeries(config: DealbotConfig, series: Readonly<Record<string, CandleSeries>>, pairs: readonly CurrencyPair[]): Promise<Record<string, CandleSeries>> {
  const all: Record<string, CandleSeries> = { ...series };
  const store = new CandleStore(config.market.dataDir);
  for (const symbol of new Set([...pairs.map((p) => p.symbol), ...Object.keys(config.paper.markets)])) {
    if (all[symbol] !== undefined) continue;
    try {
      all[symbol] = await store.readColumns(symbol, config.timeframe);
    } catch (error) {
      if (pairs.some((p) => p.symbol === symbol)) throw new ConfigError(`pairs: ${symbol} (added through the API) has no stored candles: ${(error as Error).message}`);
    }
  }
  return all;
}

/** The durable paper account of a simulated run; a file that cannot be resumed is refused in one line. */
function openSimulatedAccount(config: DealbotConfig, clock: SimulatedClock, store: Store, file: string, position: SimulatedMarketPosition, traded: PaperTraded, idTag?: string) {
  try {
    return paperContext(config, clock, {}, store.uow, idTag, { file, section: position }, traded);
  } catch (error) {
    throw new ConfigError(`${file}: cannot resume this paper account: ${(error as Error).message}`);
  }
}

/** Candles of the series already traded; refuses an account whose database was replaced (its deals would be strangers). */
async function resumePoint(store: Store, file: string, position: SimulatedMarketPosition, exchange: PaperExchange, traded: readonly string[]): Promise<number> {
  let from: number;
  try {
    from = position.resumeFrom(traded);
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
