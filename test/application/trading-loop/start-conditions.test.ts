import { describe, expect, it } from 'vitest';
import { runBacktest } from '../../../src/application/backtest/backtest-runner.js';
import { Deal } from '../../../src/domain/deal/deal.entity.js';
import { Order } from '../../../src/domain/order/order.entity.js';
import { AsapStrategy } from '../../../src/domain/services/strategy.js';
import { dec } from '../../../src/domain/shared/decimal.js';
import { configSchema } from '../../../src/infrastructure/config/config.schema.js';
import { columnsFromCandles } from '../../../src/infrastructure/market-data/candle-store/candle-columns.js';
import { composeBacktest } from '../../../src/main/backtest.js';
import { BENCH_PAIR, syntheticMarket } from '../../../bench/backtest/synthetic-market.js';
import { candle, paperHarness } from '../../support/paper-harness.js';

const MINUTE = 60_000;

/** A rising market whose lows stay above every earlier close: no buy ever fills, each expires after orderLifeTime. */
const rising = Array.from({ length: 40 }, (_, minute) => candle(minute, { o: 100 + minute, c: 100.5 + minute, l: 100 + minute }));

function harness(cooldownMinutes?: number) {
  const props = { symbol: 'BTC/USDT', dealQuota: '100', profitMarkup: '0.01', dealCount: 1, orderLifeTime: 120, ...(cooldownMinutes !== undefined && { cooldownMinutes }) };
  return paperHarness({ pairs: [{ props }], balances: { USDT: '1000' }, strategy: new AsapStrategy(), series: { 'BTC/USDT': rising } });
}

/** For each deal after the first: minutes from the previous deal's end to its start. */
const gaps = (deals: readonly Deal[]): number[] => deals.slice(1).map((d, i) => (d.createdAt - deals[i]!.closedAt!) / MINUTE);

describe('start conditions: as soon as possible, and a cooldown between deals', () => {
  it('asap opens a deal on the first candle and the next one on the tick after a deal ends', async () => {
    const h = harness();
    await h.loop.run();
    const deals = await h.deals();
    expect(deals.length).toBeGreaterThan(10);
    expect(deals[0]!.createdAt).toBe(h.clock.now() - (rising.length - 1) * MINUTE);
    expect(deals.slice(0, -1).every((d) => d.status === 'cancelled')).toBe(true);
    expect(new Set(gaps(deals))).toEqual(new Set([1]));
  });

  it('a cooldown of 5 minutes: each deal starts exactly 5 minutes after the previous one ended', async () => {
    const h = harness(5);
    await h.loop.run();
    const deals = await h.deals();
    expect(deals.length).toBeGreaterThan(3);
    expect(new Set(gaps(deals))).toEqual(new Set([5]));
    expect(deals.length).toBeLessThan((await (async () => {
      const free = harness();
      await free.loop.run();
      return free.deals();
    })()).length);
  });

  it('counts from a deal that ended before the bot started (read from the database)', async () => {
    const h = harness(5);
    const first = rising[0]!.openTime + MINUTE; // the first tick's time: its candle closed
    const endedAt = first - 2 * MINUTE;
    const id = 'old';
    const old = Deal.open(id, Order.create({ clientOrderId: `dlb-${id}-b1`, dealId: id, symbol: 'BTC/USDT', side: 'buy', type: 'limit', price: dec('90'), amount: dec('1'), createdAt: endedAt - MINUTE }), endedAt - MINUTE);
    old.buyOrder.cancel(endedAt, 'test');
    old.cancel('test', endedAt);
    await h.uow.run((r) => r.deals.save(old));
    await h.loop.run();
    const deals = (await h.deals()).filter((d) => d.id !== id);
    expect(deals[0]!.createdAt).toBe(endedAt + 5 * MINUTE);
  });
});

describe('start conditions from the config, in a backtest', () => {
  const series = Object.fromEntries(Object.entries(syntheticMarket(2, 6_000)).map(([symbol, list]) => [symbol, columnsFromCandles(list)]));
  const backtest = (strategy: Record<string, unknown>, cooldownMinutes?: number) =>
    runBacktest(
      composeBacktest(
        configSchema.parse({
          strategy,
          pairs: Object.keys(series).map((symbol) => ({ symbol, ...BENCH_PAIR, dealCount: 1, ...(cooldownMinutes !== undefined && { cooldownMinutes }), paperMarket: { priceStep: '0.01', amountStep: '0.001', minCost: '1' } })),
          market: { source: 'stored' },
          paper: { balances: { USDT: '1000' } },
        }),
        series,
      ),
    );

  it('start: asap trades far more often than the signal, and cooldownMinutes spaces each pair\'s deals by at least that much', async () => {
    const signal = (await runBacktestDeals({})).length;
    const asap = await runBacktestDeals({ start: 'asap' });
    const cooled = await runBacktestDeals({ start: 'asap' }, 90);
    expect(asap.length).toBeGreaterThan(signal);
    expect(cooled.length).toBeLessThan(asap.length);
    expect(cooled.length).toBeGreaterThan(2);
    for (const symbol of Object.keys(series)) {
      const own = cooled.filter((d) => d.symbol === symbol);
      expect(Math.min(...gaps(own))).toBeGreaterThanOrEqual(90);
    }
  });

  async function runBacktestDeals(strategy: Record<string, unknown>, cooldownMinutes?: number): Promise<readonly Deal[]> {
    return (await backtest(strategy, cooldownMinutes)).deals;
  }
});
