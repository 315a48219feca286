import type { BotBudget } from '../../src/domain/bot/bot-budget.js';
import type { TradedPair, TradingContext } from '../../src/application/shared/trading-context.js';
import { TradingLoop } from '../../src/application/trading-loop/trading-loop.js';
import { CurrencyPair, type CurrencyPairProps } from '../../src/domain/currency-pair/currency-pair.entity.js';
import type { DomainEvent } from '../../src/domain/events.js';
import type { MarketFeed } from '../../src/domain/ports/market-feed.port.js';
import type { Signal } from '../../src/domain/services/signal.service.js';
import type { PairStrategy, Strategy } from '../../src/domain/services/strategy.js';
import type { Candle } from '../../src/domain/shared/candle.js';
import { dec } from '../../src/domain/shared/decimal.js';
import type { MarketRules } from '../../src/domain/shared/market-rules.js';
import { SimulatedClock } from '../../src/infrastructure/clock/simulated.clock.js';
import { PaperExchange } from '../../src/infrastructure/exchange/paper/paper.exchange.js';
import type { PaperFeeMode } from '../../src/infrastructure/exchange/paper/paper-fees.js';
import { SequentialIds } from '../../src/infrastructure/ids/sequential-ids.js';
import { CandleReplayFeed } from '../../src/infrastructure/market-data/candle-replay.market-feed.js';
import { MatchingFeed } from '../../src/infrastructure/market-data/matching.market-feed.js';
import { InMemoryUnitOfWork } from '../../src/infrastructure/persistence/in-memory/in-memory.unit-of-work.js';
import { TradingService } from '../../src/domain/services/trading.service.js';

export function marketFor(symbol: string, patch: Partial<MarketRules> = {}): MarketRules {
  const [base, quote] = symbol.split('/') as [string, string];
  return { symbol, base, quote, amountStep: dec('0.001'), priceStep: dec('0.01'), minAmount: dec('0.001'), minCost: dec('1'), makerFee: dec('0.001'), takerFee: dec('0.002'), ...patch };
}

/** BULLISH on the candles whose open times are listed, NEUTRAL otherwise. */
export class ScriptedStrategy implements Strategy {
  readonly name = 'scripted';
  constructor(private readonly bullishAt: Readonly<Record<string, readonly number[]>>) {}
  forPair(symbol: string): PairStrategy {
    const times = new Set(this.bullishAt[symbol] ?? []);
    return { onCandle: (c: Candle): Signal => (times.has(c.openTime) ? 'BULLISH' : 'NEUTRAL') };
  }
}

export interface HarnessOptions {
  readonly pairs: readonly { props: CurrencyPairProps; market?: Partial<MarketRules> }[];
  readonly balances: Record<string, string>;
  readonly strategy: Strategy;
  readonly feed?: (clock: SimulatedClock) => MarketFeed;
  readonly series?: Record<string, readonly Candle[]>;
  readonly startTime?: number;
  /** Which currency the paper exchange charges fees in (the exchange's default: quote). */
  readonly feeMode?: PaperFeeMode;
  /** Order requests the loop may have in flight at once on the paper exchange (its default: 1). */
  readonly orderConcurrency?: number;
  /** Quote budgets of bots (pairs name their bot in their props). */
  readonly budgets?: ReadonlyMap<string, BotBudget>;
}

/** The paper-trading composition of main.ts, with the feed and strategy a test chooses. */
export function paperHarness(options: HarnessOptions) {
  const clock = new SimulatedClock(options.startTime ?? 0);
  const pairs = new Map<string, TradedPair>();
  for (const p of options.pairs) pairs.set(p.props.symbol, { pair: CurrencyPair.create(p.props), market: marketFor(p.props.symbol, p.market) });
  const exchange = new PaperExchange({ markets: [...pairs.values()].map((p) => p.market), balances: options.balances, clock, ...(options.feeMode !== undefined && { feeMode: options.feeMode }), ...(options.orderConcurrency !== undefined && { orderConcurrency: options.orderConcurrency }) });
  const events: DomainEvent[] = [];
  const uow = new InMemoryUnitOfWork(undefined, { publish: async (e) => void events.push(...e) });
  const ctx: TradingContext = { exchange, uow, clock, ids: new SequentialIds('t'), trading: new TradingService(), prefix: 'dlb-', pairs, ...(options.budgets !== undefined && { budgets: options.budgets }) };
  const inner = options.feed ? options.feed(clock) : new CandleReplayFeed({ series: options.series ?? {}, timeframe: '1m', clock });
  const feed = new MatchingFeed(inner, exchange);
  const loop = new TradingLoop(ctx, feed, options.strategy, { timeframe: '1m', windowSize: 500 });
  return { loop, ctx, exchange, clock, uow, events, feed, deals: () => uow.run((r) => r.deals.getAll()) };
}

/** A 1m candle; open defaults to close, high/low to the extremes of open and close. */
export function candle(minute: number, c: { o?: number; h?: number; l?: number; c: number }): Candle {
  const open = c.o ?? c.c;
  return { openTime: minute * 60_000, open, high: c.h ?? Math.max(open, c.c), low: c.l ?? Math.min(open, c.c), close: c.c, volume: 1 };
}
