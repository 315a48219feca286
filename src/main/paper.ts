import { TradingLoop } from '../application/trading-loop/trading-loop.js';
import type { EventPublisher } from '../domain/ports/event-publisher.port.js';
import { TIMEFRAME_MS } from '../domain/shared/candle.js';
import { SimulatedClock } from '../infrastructure/clock/simulated.clock.js';
import { ConfigError } from '../infrastructure/config/config-error.js';
import type { DealbotConfig } from '../infrastructure/config/config.schema.js';
import type { PaperExchange } from '../infrastructure/exchange/paper/paper.exchange.js';
import { CandleReplayFeed, type CandleSeries } from '../infrastructure/market-data/candle-replay.market-feed.js';
import { MatchingFeed } from '../infrastructure/market-data/matching.market-feed.js';
import { SimulatedMarketFeed } from '../infrastructure/market-data/simulated.market-feed.js';
import { SimulatedMarketPosition } from '../infrastructure/market-data/simulated-market.position.js';
import type { TradingSession } from '../interfaces/cli/session.js';
import { paperAccountFile, paperContext, strategyOf } from './paper-context.js';
import { openStore, type Store } from './store.js';

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
