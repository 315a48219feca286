#!/usr/bin/env node
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { TradingLoop } from './application/trading-loop/trading-loop.js';
import type { TradedPair, TradingContext } from './application/shared/trading-context.js';
import { CurrencyPair } from './domain/currency-pair/currency-pair.entity.js';
import type { EventPublisher } from './domain/ports/event-publisher.port.js';
import { SignalService } from './domain/services/signal.service.js';
import { RsiMacdStrategy } from './domain/services/strategy.js';
import { TradingService } from './domain/services/trading.service.js';
import { dec } from './domain/shared/decimal.js';
import type { MarketRules } from './domain/shared/market-rules.js';
import { SimulatedClock } from './infrastructure/clock/simulated.clock.js';
import type { DealbotConfig } from './infrastructure/config/config.schema.js';
import { PaperExchange } from './infrastructure/exchange/paper/paper.exchange.js';
import { SequentialIds } from './infrastructure/ids/sequential-ids.js';
import { MatchingFeed } from './infrastructure/market-data/matching.market-feed.js';
import { SimulatedMarketFeed } from './infrastructure/market-data/simulated.market-feed.js';
import { InMemoryUnitOfWork } from './infrastructure/persistence/in-memory/in-memory.unit-of-work.js';
import { runCli } from './interfaces/cli/program.js';
import type { PaperSession } from './interfaces/cli/session.js';

/** The composition root: the one place that chooses adapters. */
export function composePaperSession(config: DealbotConfig, publisher: EventPublisher): PaperSession {
  const startTime = Date.parse(config.market.startTime);
  const clock = new SimulatedClock(startTime);
  const pairs = new Map<string, TradedPair>();
  for (const p of config.pairs) {
    const pair = CurrencyPair.create(p);
    const sim = p.paperMarket;
    if (!sim) throw new Error(`pairs: ${p.symbol} has no paperMarket`);
    const market: MarketRules = {
      symbol: pair.symbol,
      base: pair.base,
      quote: pair.quote,
      amountStep: dec(sim.amountStep),
      priceStep: dec(sim.priceStep),
      minAmount: dec(sim.minAmount),
      minCost: dec(sim.minCost),
      makerFee: dec(config.paper.makerFee),
      takerFee: dec(config.paper.takerFee),
    };
    pairs.set(pair.symbol, { pair, market });
  }
  const exchange = new PaperExchange({ markets: [...pairs.values()].map((p) => p.market), balances: config.paper.balances, clock });
  const simulated = new SimulatedMarketFeed({
    symbols: config.pairs.map((p) => ({ symbol: p.symbol, startPrice: p.paperMarket?.startPrice ?? 0, priceStep: Number(p.paperMarket?.priceStep) })),
    timeframe: config.timeframe,
    seed: config.market.seed,
    startTime,
    candles: config.market.candles,
    clock,
    paceMs: config.market.paceMs,
  });
  const uow = new InMemoryUnitOfWork(undefined, publisher);
  const ctx: TradingContext = { exchange, uow, clock, ids: new SequentialIds(), trading: new TradingService(), prefix: config.botPrefix, pairs };
  const loop = new TradingLoop(ctx, new MatchingFeed(simulated, exchange), new RsiMacdStrategy(new SignalService(config.strategy)), { timeframe: config.timeframe, windowSize: config.windowSize });
  return { loop, ctx, readDeals: () => uow.run((r) => r.deals.getAll()) };
}

export const DEFAULT_CONFIG_PATH = fileURLToPath(new URL('../config/default.yaml', import.meta.url));

if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await runCli(process.argv, { composePaperSession, defaultConfigPath: DEFAULT_CONFIG_PATH });
}
