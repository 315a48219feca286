import type { TradedPair, TradingContext } from '../../../src/application/shared/trading-context.js';
import { TradingLoop } from '../../../src/application/trading-loop/trading-loop.js';
import { CurrencyPair } from '../../../src/domain/currency-pair/currency-pair.entity.js';
import type { Deal } from '../../../src/domain/deal/deal.entity.js';
import type { DomainEvent } from '../../../src/domain/events.js';
import type { ExitRulesProps } from '../../../src/domain/currency-pair/exit-rules.js';
import type { Strategy } from '../../../src/domain/services/strategy.js';
import { TradingService } from '../../../src/domain/services/trading.service.js';
import type { Candle } from '../../../src/domain/shared/candle.js';
import { SimulatedClock } from '../../../src/infrastructure/clock/simulated.clock.js';
import { PaperExchange } from '../../../src/infrastructure/exchange/paper/paper.exchange.js';
import { SequentialIds } from '../../../src/infrastructure/ids/sequential-ids.js';
import { CandleReplayFeed } from '../../../src/infrastructure/market-data/candle-replay.market-feed.js';
import { MatchingFeed } from '../../../src/infrastructure/market-data/matching.market-feed.js';
import { InMemoryUnitOfWork } from '../../../src/infrastructure/persistence/in-memory/in-memory.unit-of-work.js';
import { candle, marketFor, ScriptedStrategy } from '../../support/paper-harness.js';

export const BTC = { symbol: 'BTC/USDT', dealQuota: '100', profitMarkup: '0.01', dealCount: 1, orderLifeTime: 600 };

/** Candle 0 (close 100) is BULLISH: a limit buy of 1 @ 100 at 00:01; candle 1 fills it (maker fee 0.1); sells go out at 00:02. */
export const BOUGHT: readonly Candle[] = [candle(0, { c: 100 }), candle(1, { o: 100.5, h: 100.8, l: 99.8, c: 100.2 })];

export interface ExitHarnessOptions {
  readonly markup?: string;
  readonly bullishAt?: number[];
  /** false: an exchange without stop orders (the bot sells at market when a close crosses the stop). */
  readonly stopOrders?: boolean;
}

/** Paper trading BTC/USDT from 1000 USDT (maker 0.1%, taker 0.2%) on `candles`, BULLISH at the open times given (ms). */
export function exitHarness(exits: ExitRulesProps, candles: readonly Candle[], options: ExitHarnessOptions = {}) {
  return tradingHarness({ 'BTC/USDT': { ...BTC, profitMarkup: options.markup ?? BTC.profitMarkup, exits } }, { 'BTC/USDT': candles }, new ScriptedStrategy({ 'BTC/USDT': options.bullishAt ?? [0] }), options.stopOrders);
}

/**
 * The paper-trading composition of main.ts over several pairs. `restart(series)` builds a new
 * loop on the same exchange, database and clock, as a process restart would, fed `series` next.
 */
export function tradingHarness(pairs: Record<string, Omit<typeof BTC, 'symbol'> & { exits?: ExitRulesProps }>, series: Record<string, readonly Candle[]>, strategy: Strategy, stopOrders = true) {
  const clock = new SimulatedClock(0);
  const traded = new Map<string, TradedPair>(Object.entries(pairs).map(([symbol, props]) => [symbol, { pair: CurrencyPair.create({ ...props, symbol }), market: marketFor(symbol) }]));
  const exchange = new PaperExchange({ markets: [...traded.values()].map((p) => p.market), balances: { USDT: '1000' }, clock, stopOrders });
  const events: DomainEvent[] = [];
  const uow = new InMemoryUnitOfWork(undefined, { publish: async (e) => void events.push(...e) });
  const ctx: TradingContext = { exchange, uow, clock, ids: new SequentialIds('t'), trading: new TradingService(), prefix: 'dlb-', pairs: traded };
  const loopOver = (candles: Record<string, readonly Candle[]>) => {
    const feed = new MatchingFeed(new CandleReplayFeed({ series: candles, timeframe: '1m', clock }), exchange);
    return { feed, loop: new TradingLoop(ctx, feed, strategy, { timeframe: '1m', windowSize: 500 }) };
  };
  const first = loopOver(series);
  return {
    ...first,
    ctx,
    exchange,
    clock,
    uow,
    events,
    deals: () => uow.run((r) => r.deals.getAll()),
    restart: (next: Record<string, readonly Candle[]>) => loopOver(next),
    /** Steps the loop through its feed one tick at a time. */
    async *ticks() {
      await first.loop.start();
      for await (const tick of first.feed.ticks(Object.keys(series), '1m')) {
        await first.loop.tick(tick);
        yield tick[0]?.candle.openTime ?? 0;
      }
    },
  };
}

/** Every sell of the deal: id, type, limit, stop, amount, status, and its fills (price, amount, fee, time). */
export function sellsOf(deal: Deal | undefined): unknown[] {
  return (deal?.sellOrders ?? []).map((o) => [
    o.clientOrderId.replace(/^dlb-[A-Za-z0-9]+-/, ''),
    o.type,
    o.price?.toString() ?? null,
    o.stopPrice?.toString() ?? null,
    o.amount.toString(),
    o.status,
    o.fills.map((f) => [f.price.toString(), f.amount.toString(), f.fee.toString(), f.timestamp]),
  ]);
}

export { candle };
