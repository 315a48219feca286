import { describe, expect, it } from 'vitest';
import { runBacktest } from '../../../src/application/backtest/backtest-runner.js';
import { configSchema } from '../../../src/infrastructure/config/config.schema.js';
import { columnsFromCandles } from '../../../src/infrastructure/market-data/candle-store/candle-columns.js';
import { composeBacktest } from '../../../src/main/backtest.js';
import { BENCH_FEE, BENCH_PAIR, syntheticMarket } from '../../../bench/backtest/synthetic-market.js';

/** The bench's synthetic market, 3 pairs: a backtest with fees charged as the given mode. */
async function backtest(feeCurrency: string, balances: Record<string, string> = { USDT: '600' }) {
  const series = Object.fromEntries(Object.entries(syntheticMarket(3, 20_000)).map(([symbol, list]) => [symbol, columnsFromCandles(list)]));
  const config = configSchema.parse({
    pairs: Object.keys(series).map((symbol) => ({ symbol, ...BENCH_PAIR, paperMarket: { priceStep: '0.01', amountStep: '0.001', minCost: '1' } })),
    market: { source: 'stored' },
    paper: { balances, makerFee: String(BENCH_FEE), takerFee: String(BENCH_FEE), feeCurrency },
  });
  return { series, result: await runBacktest(composeBacktest(config, series)) };
}

describe('backtests in each fee mode', () => {
  it('received (Binance): no deal is left without a sell, dust stays under one step, and the last equity point is the final balances at the last closes', async () => {
    const { series, result } = await backtest('received');
    const closed = result.deals.filter((d) => d.status === 'closed');
    expect(closed.length).toBeGreaterThan(10);
    for (const deal of result.deals) {
      if (deal.status === 'open') expect(deal.workingSells.length, deal.id).toBeGreaterThan(0);
      expect((deal.dust ?? deal.unsoldAmount).lt('0.001') || deal.status !== 'closed', deal.id).toBe(true);
    }
    expect(closed.some((d) => d.dust !== null)).toBe(true);
    let value = result.finalBalances['USDT']?.total.toNumber() ?? 0;
    for (const [symbol, columns] of Object.entries(series)) {
      const base = symbol.split('/')[0] as string;
      value += (result.finalBalances[base]?.total.toNumber() ?? 0) * (columns.close[columns.length - 1] as number);
    }
    expect(result.equity.equities[result.equity.length - 1]).toBeCloseTo(value, 6);
  });

  it('the same signals trade in quote and received modes; received keeps dust and its PnL counts no base fee twice', async () => {
    const quote = (await backtest('quote')).result.deals;
    const received = (await backtest('received')).result.deals;
    expect(received.map((d) => d.buyOrder.price?.toString())).toEqual(quote.map((d) => d.buyOrder.price?.toString()));
    const pair = received.findIndex((d) => d.status === 'closed' && d.dust !== null);
    const [r, q] = [received[pair]!, quote[pair]!];
    // the same buy: quote mode pays the fee in USDT, received mode in the base and sells less
    expect(r.buyOrder.fills[0]?.feeCurrency).toBe(r.symbol.split('/')[0]);
    expect(r.soldAmount.lt(q.soldAmount)).toBe(true);
    expect(r.pnl?.toString()).toBe(r.sellOrders.reduce((s, o) => s.plus(o.cost).minus(o.paidFee), r.buyOrder.cost.neg()).toString());
  });
});
