import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cancelDeal } from '../../../src/application/cancel-deal/cancel-deal.use-case.js';
import { closeDeal } from '../../../src/application/close-deal/close-deal.use-case.js';
import { PairConflictError, PairNotFoundError } from '../../../src/application/manage-pairs/pair-errors.js';
import type { TradedPair, TradingContext } from '../../../src/application/shared/trading-context.js';
import { TradingLoop } from '../../../src/application/trading-loop/trading-loop.js';
import { CurrencyPair } from '../../../src/domain/currency-pair/currency-pair.entity.js';
import type { ClosedCandle } from '../../../src/domain/ports/market-feed.port.js';
import { TradingService } from '../../../src/domain/services/trading.service.js';
import { ValidationError } from '../../../src/domain/shared/domain-error.js';
import { SimulatedClock } from '../../../src/infrastructure/clock/simulated.clock.js';
import { PaperExchange } from '../../../src/infrastructure/exchange/paper/paper.exchange.js';
import { SequentialIds } from '../../../src/infrastructure/ids/sequential-ids.js';
import { MatchingFeed } from '../../../src/infrastructure/market-data/matching.market-feed.js';
import { SimulatedMarketFeed } from '../../../src/infrastructure/market-data/simulated.market-feed.js';
import { migrateToLatest, openDatabase, SqlUnitOfWork, type SqlDatabase } from '../../../src/infrastructure/persistence/sql/index.js';
import { marketFor, ScriptedStrategy } from '../../support/paper-harness.js';

const START = Date.UTC(2024, 0, 1);
const minute = (k: number): number => START + k * 60_000;
const BTC = { symbol: 'BTC/USDT', orderLifeTime: 3_600, dealQuota: '100', profitMarkup: '0.01', dealCount: 1 };
const ETH = { symbol: 'ETH/USDT', orderLifeTime: 3_600, dealQuota: '50', profitMarkup: '0.02', dealCount: 2 };

let folder = '';
beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'dealbot-runtime-pairs-'));
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));
let files = 0;

/** A paper bot on the simulated market that has BTC and ETH, trading BTC only, stored in a SQLite file. */
async function simulatedBot(bullishAt: Record<string, number[]>, candles = 10) {
  const database: SqlDatabase = await openDatabase(`sqlite:${join(folder, `pairs-${++files}.db`)}`);
  await migrateToLatest(database);
  const uow = new SqlUnitOfWork(database);
  const clock = new SimulatedClock(START);
  const pairs = new Map<string, TradedPair>([['BTC/USDT', { pair: CurrencyPair.create(BTC), market: marketFor('BTC/USDT') }]]);
  const exchange = new PaperExchange({ markets: [marketFor('BTC/USDT')], balances: { USDT: '1000' }, clock });
  const ctx: TradingContext = { exchange, uow, clock, ids: new SequentialIds('t'), trading: new TradingService(), prefix: 'dlb-', pairs };
  const symbols = [
    { symbol: 'BTC/USDT', startPrice: 40_000, priceStep: 0.01 },
    { symbol: 'ETH/USDT', startPrice: 2_000, priceStep: 0.01 },
  ];
  const source = new SimulatedMarketFeed({ symbols, timeframe: '1m', seed: 7, startTime: START, candles, clock });
  const markets = {
    async marketFor(symbol: string) {
      if (symbol !== 'ETH/USDT') throw new ValidationError('symbol', `the simulated market has no ${symbol}`);
      exchange.openMarket(marketFor(symbol));
      return marketFor(symbol);
    },
  };
  const loop = new TradingLoop(ctx, new MatchingFeed(source, exchange), new ScriptedStrategy(bullishAt), { timeframe: '1m', windowSize: 20, markets });
  return { loop, uow, exchange, database, records: () => uow.read((r) => r.pairs.records()) };
}

/** Runs the bot; `at(k)` is called after the tick of candle k (its open time minute(k)). */
async function drive(bot: Awaited<ReturnType<typeof simulatedBot>>, at: (k: number, tick: readonly ClosedCandle[]) => Promise<void>): Promise<void> {
  await bot.loop.run(undefined, async (tick) => at((tick[0]!.candle.openTime - START) / 60_000, tick));
}

describe('TradingLoop: pairs added, updated and removed between ticks (paper, simulated market, SQLite)', () => {
  it('trades an added pair from the next tick on, warmed up on its history, and stores it as the operator\'s', async () => {
    const bot = await simulatedBot({ 'ETH/USDT': [minute(4)] });
    const seen: string[][] = [];
    let added: CurrencyPair | null = null;
    let warmPrice = Number.NaN;
    await drive(bot, async (k, tick) => {
      seen.push(tick.map((c) => c.symbol));
      if (k !== 1) return;
      added = await bot.loop.addPair(ETH);
      warmPrice = bot.loop.priceOf('ETH/USDT').price;
    });
    expect(added!.dealQuota.toString()).toBe('50');
    expect(seen.slice(0, 3)).toEqual([['BTC/USDT'], ['BTC/USDT'], ['BTC/USDT', 'ETH/USDT']]);
    expect(Number.isFinite(warmPrice)).toBe(true);
    expect(bot.loop.pairs().map((p) => [p.pair.symbol, p.source])).toEqual([['BTC/USDT', 'config'], ['ETH/USDT', 'api']]);
    expect(bot.loop.context.pairs.has('ETH/USDT')).toBe(true);
    const deals = await bot.uow.read((r) => r.deals.getAll('ETH/USDT'));
    expect(deals.map((d) => [d.symbol, d.createdAt])).toEqual([['ETH/USDT', minute(5)]]);
    expect(deals[0]!.buyOrder.price!.times(deals[0]!.buyOrder.amount).lte('50')).toBe(true);
    expect((await bot.records()).map((r) => [r.pair.symbol, r.source, r.removedAt])).toEqual([['ETH/USDT', 'api', null]]);
    await bot.database.close();
  });

  it('refuses a known pair, bad settings, a market without the pair and an untraded panic reference, changing nothing', async () => {
    const bot = await simulatedBot({});
    const errors: unknown[] = [];
    await drive(bot, async (k) => {
      if (k !== 0) return;
      for (const attempt of [
        () => bot.loop.addPair(BTC),
        () => bot.loop.addPair({ ...ETH, dealQuota: '-1' }),
        () => bot.loop.addPair({ ...ETH, symbol: 'XRP/USDT' }),
        () => bot.loop.addPair({ ...ETH, exits: { panicSell: { drop: '0.1', windowMinutes: 5, cooldownMinutes: 5, reference: 'SOL/USDT' } } }),
      ]) {
        errors.push(await attempt().catch((error: unknown) => error));
      }
    });
    expect(errors[0]).toBeInstanceOf(PairConflictError);
    expect(errors.slice(1).map((e) => [(e as ValidationError).constructor.name, (e as ValidationError).field])).toEqual([
      ['ValidationError', 'dealQuota'],
      ['ValidationError', 'symbol'],
      ['ValidationError', 'exits.panicSell.reference'],
    ]);
    expect(bot.loop.pairs().map((p) => p.pair.symbol)).toEqual(['BTC/USDT']);
    expect(await bot.records()).toEqual([]);
    await bot.database.close();
  });

  it('updates a pair\'s limits for the next deals and stores them; an unknown pair or a bad value is refused', async () => {
    const bot = await simulatedBot({ 'BTC/USDT': [minute(2), minute(3)] });
    const refused: unknown[] = [];
    await drive(bot, async (k) => {
      if (k !== 0) return;
      refused.push(await bot.loop.updatePair('XRP/USDT', { dealCount: 2 }).catch((e: unknown) => e));
      refused.push(await bot.loop.updatePair('BTC/USDT', { dealCount: 0 }).catch((e: unknown) => e));
      expect((await bot.loop.updatePair('BTC/USDT', { dealCount: 2, dealQuota: '60' })).dealCount).toBe(2);
    });
    expect(refused[0]).toBeInstanceOf(PairNotFoundError);
    expect((refused[1] as ValidationError).field).toBe('dealCount');
    // dealCount 1 would have refused the second deal
    const deals = await bot.uow.read((r) => r.deals.getAll('BTC/USDT'));
    expect(deals.map((d) => d.createdAt)).toEqual([minute(3), minute(4)]);
    expect(bot.loop.pairs().map((p) => [p.pair.symbol, p.source, p.pair.dealQuota.toString()])).toEqual([['BTC/USDT', 'api', '60']]);
    expect((await bot.records()).map((r) => [r.pair.symbol, r.source, r.pair.dealCount])).toEqual([['BTC/USDT', 'api', 2]]);
    await bot.database.close();
  });

  it('refuses to remove a pair with working deals; once they are gone the pair leaves the ticks and stays removed in the store', async () => {
    const bot = await simulatedBot({ 'ETH/USDT': [minute(2)] });
    const seen: string[][] = [];
    const refused: unknown[] = [];
    await drive(bot, async (k, tick) => {
      seen.push(tick.map((c) => c.symbol));
      if (k === 0) await bot.loop.addPair(ETH);
      if (k === 5) await bot.loop.removePair('ETH/USDT');
      if (k !== 3) return;
      refused.push(await bot.loop.removePair('ETH/USDT').catch((e: unknown) => e));
      refused.push(await bot.loop.removePair('XRP/USDT').catch((e: unknown) => e));
      const [deal] = bot.loop.workingDeals();
      // a pending deal's buy is cancelled; an open deal sells at the next candle's open
      if (deal!.status === 'pending') await bot.loop.operate((desk) => cancelDeal(desk, { dealId: deal!.id }));
      else await bot.loop.operate((desk) => closeDeal(desk, { dealId: deal!.id }));
    });
    expect(refused[0]).toBeInstanceOf(PairConflictError);
    expect((refused[0] as Error).message).toBe('pair ETH/USDT has 1 working deals: close or cancel them first');
    expect(refused[1]).toBeInstanceOf(PairNotFoundError);
    const both = ['BTC/USDT', 'ETH/USDT'];
    expect(seen.slice(0, 7)).toEqual([['BTC/USDT'], both, both, both, both, both, ['BTC/USDT']]);
    expect((await bot.uow.read((r) => r.deals.getAll('ETH/USDT'))).map((d) => d.isFinal)).toEqual([true]);
    expect(bot.loop.pairs().map((p) => p.pair.symbol)).toEqual(['BTC/USDT']);
    expect(bot.loop.context.pairs.has('ETH/USDT')).toBe(false);
    expect((await bot.records()).map((r) => [r.pair.symbol, r.removedAt])).toEqual([['ETH/USDT', minute(6)]]);
    await bot.database.close();
  });

  it('refuses to remove a pair another pair\'s panic sell follows', async () => {
    const bot = await simulatedBot({});
    let refused: unknown = null;
    await drive(bot, async (k) => {
      if (k !== 0) return;
      await bot.loop.addPair({ ...ETH, exits: { panicSell: { drop: '0.1', windowMinutes: 5, cooldownMinutes: 5, reference: 'BTC/USDT' } } });
      refused = await bot.loop.removePair('BTC/USDT').catch((e: unknown) => e);
    });
    expect(refused).toBeInstanceOf(PairConflictError);
    expect((refused as Error).message).toBe("pair ETH/USDT's panic sell follows BTC/USDT: change that first");
    await bot.database.close();
  });

  it('leaves the feed and the pairs as they were when the pair cannot be stored', async () => {
    const bot = await simulatedBot({});
    const seen: string[][] = [];
    let refused: unknown = null;
    await drive(bot, async (k, tick) => {
      seen.push(tick.map((c) => c.symbol));
      if (k !== 1) return;
      await bot.database.close();
      refused = await bot.loop.addPair(ETH).catch((e: unknown) => e);
    });
    expect(refused).toBeInstanceOf(Error);
    expect(seen.every((symbols) => symbols.join() === 'BTC/USDT')).toBe(true);
    expect(bot.loop.pairs().map((p) => p.pair.symbol)).toEqual(['BTC/USDT']);
    expect(bot.loop.context.pairs.has('ETH/USDT')).toBe(false);
  });
});
