import type { ReconcileReport } from '../application/reconcile-orders/reconcile-orders.use-case.js';
import type { TradedPair, TradingContext } from '../application/shared/trading-context.js';
import type { PairMarkets } from '../application/manage-pairs/pair-markets.js';
import { TradingLoop } from '../application/trading-loop/trading-loop.js';
import type { EventPublisher } from '../domain/ports/event-publisher.port.js';
import { TradingService } from '../domain/services/trading.service.js';
import { ValidationError } from '../domain/shared/domain-error.js';
import type { MarketRules } from '../domain/shared/market-rules.js';
import { SimulatedClock } from '../infrastructure/clock/simulated.clock.js';
import { SystemClock } from '../infrastructure/clock/system.clock.js';
import { ConfigError } from '../infrastructure/config/config-error.js';
import type { DealbotConfig } from '../infrastructure/config/config.schema.js';
import type { ApiCredentials } from '../infrastructure/config/credentials.js';
import { CcxtExchange } from '../infrastructure/exchange/ccxt/ccxt-exchange.js';
import type { ExchangeLogger } from '../infrastructure/exchange/ccxt/secret-redactor.js';
import { DurablePaperExchange } from '../infrastructure/exchange/paper/durable-paper.exchange.js';
import { PaperExchange } from '../infrastructure/exchange/paper/paper.exchange.js';
import { SequentialIds } from '../infrastructure/ids/sequential-ids.js';
import { CcxtMarketFeed } from '../infrastructure/market-data/ccxt/ccxt-market-feed.js';
import { CcxtPriceFeed } from '../infrastructure/market-data/ccxt/ccxt-price-feed.js';
import { MarketClockFeed } from '../infrastructure/market-data/market-clock.feed.js';
import { MatchingFeed } from '../infrastructure/market-data/matching.market-feed.js';
import type { TradingSession } from '../interfaces/cli/session.js';
import { botBudgets, chosenFeeCurrency, paperAccountFile, paperFeeMode, strategyOf } from './paper-context.js';
import { openStore, type StoreEvents } from './store.js';
import { storedPairs } from './stored-pairs.js';

// ccxt is large: this module is imported only by commands that talk to an exchange, and loads only the exchange's class (ccxt-loader.ts).

export interface RealtimeOptions {
  /** Real orders with these keys; without, paper fills on the exchange's live candles. */
  readonly credentials?: ApiCredentials;
  /** The exchange's test network (ccxt's sandbox) instead of the real one; config URLs still override its addresses. */
  readonly sandbox?: boolean;
  readonly logger?: ExchangeLogger;
  /** Told what the start-up reconciliation found, before any strategy runs. */
  readonly onReconciled?: (report: ReconcileReport) => void;
  /** Where committed events go besides the publisher; the session closes the destinations. */
  readonly events?: StoreEvents;
}

/** Live or paper trading on an exchange's real market data (ccxt REST + websockets). */
export async function composeRealtimeSession(config: DealbotConfig, publisher: EventPublisher, options: RealtimeOptions = {}): Promise<TradingSession> {
  const system = new SystemClock();
  // the store closes the destinations once open; until then a failure here closes them
  let storeOpen = false;
  const closeDestinations = async (): Promise<void> => {
    if (!storeOpen) await Promise.all((options.events?.destinations ?? []).map((d) => d.close().catch(() => {})));
  };
  const connector = await CcxtExchange.create({
    exchangeId: config.exchange.id,
    clock: system,
    timeoutMs: config.exchange.timeoutMs,
    clientOrderIdPrefix: config.botPrefix,
    ...(options.credentials && { credentials: options.credentials }),
    ...(options.sandbox && { sandbox: true }),
    ...(config.exchange.urls && { urls: { api: config.exchange.urls } }),
    ...(options.logger && { logger: options.logger }),
    ...(!config.exchange.stopsOnExchange && { capabilities: { stopOrders: null } }),
  }).catch(async (error: unknown) => {
    await closeDestinations();
    // nothing was asked of the exchange yet: an id ccxt lacks, a test network it does not know
    throw new ConfigError(`exchange: ${error instanceof Error ? error.message : String(error)}`);
  });
  const closers: (() => Promise<void>)[] = [closeDestinations, () => connector.close()];
  const closeAll = async (): Promise<void> => {
    for (const close of closers.reverse()) await close();
  };
  try {
    // the currency the account pays fees in, where it chose one: sells leave room for a fee charged in their base
    const feeCurrency = chosenFeeCurrency(options.credentials ? config.exchange.feeCurrency : config.paper.feeCurrency);
    const available = new Map((await connector.loadMarkets()).map((m) => [m.symbol, { ...m, ...feeCurrency }]));
    storeOpen = true; // openStore closes them itself when it fails
    const store = await openStore(config, publisher, config.database, options.events);
    closers.push(() => store.close());
    const stored = await storedPairs(config, store.uow);
    const pairs = new Map<string, TradedPair>();
    for (const { pair } of stored) {
      const market = available.get(pair.symbol);
      if (!market) throw new ConfigError(`pairs: ${pair.symbol} is not traded on ${config.exchange.id}`);
      pairs.set(pair.symbol, { pair, market });
    }
    // a saved paper account may hold orders of pairs traded before (removed since)
    const before = (await store.uow.read((r) => r.pairs.records())).map((r) => available.get(r.pair.symbol)).filter((m): m is MarketRules => m !== undefined && !pairs.has(m.symbol));
    const marketClock = new SimulatedClock(system.now());
    const candles = await CcxtMarketFeed.forExchange(connector, { clock: system });
    const live = options.credentials !== undefined;
    const paperOptions = { markets: [...[...pairs.values()].map((p) => p.market), ...before], balances: config.paper.balances, clock: marketClock, feeMode: paperFeeMode(config.paper.feeCurrency) };
    const accountFile = paperAccountFile(config);
    const paper = live ? null : accountFile ? new DurablePaperExchange(paperOptions, accountFile) : new PaperExchange(paperOptions);
    const feed = new MarketClockFeed(paper ? new MatchingFeed(candles, paper) : candles, marketClock);
    const ctx: TradingContext = { exchange: paper ?? connector, uow: store.uow, clock: marketClock, ids: new SequentialIds(), trading: new TradingService(), prefix: config.botPrefix, pairs, budgets: botBudgets(config) };
    const markets: PairMarkets = {
      async marketFor(symbol) {
        const market = available.get(symbol);
        if (market === undefined) throw new ValidationError('symbol', `${symbol} is not traded on ${config.exchange.id}`);
        paper?.openMarket(market);
        return market;
      },
    };
    const sources = new Map(stored.map((s) => [s.pair.symbol, s.source]));
    const loop = new TradingLoop(ctx, feed, strategyOf(config), { timeframe: config.timeframe, windowSize: config.windowSize, sources, markets, ...(options.onReconciled && { onReconciled: options.onReconciled }) });
    // Live exits between candle closes: the traded pairs' live prices feed the loop's onTicker (a
    // price never dates before the market clock, the last candle's close). Not on paper: the paper
    // exchange stamps orders on the market clock, so a market sell a price started would fill at
    // the open of the candle in progress, before that price; its stops fill on the candles.
    const prices = !live ? null : await CcxtPriceFeed.forExchange(connector, {
      clock: system,
      // every traded pair while any deal works (none before the loop started: nothing to act on)
      symbols: () => (loop.workingDeals().length === 0 ? [] : [...loop.context.pairs.keys()]),
      onPrice: (symbol, price, at) => loop.onTicker(symbol, price, Math.max(at, marketClock.now())),
    });
    if (prices !== null) {
      closers.push(() => prices.close());
      prices.start();
    }
    return { loop, ctx: loop.context, database: store.location, eventRelays: store.relays, readDeals: () => store.uow.read((r) => r.deals.getAll()), close: closeAll };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
