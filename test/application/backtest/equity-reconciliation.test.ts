import { describe, expect, it } from 'vitest';
import { computeBacktestMetrics } from '../../../src/application/backtest/backtest-metrics.js';
import { reconcileEquity } from '../../../src/application/backtest/equity-reconciliation.js';
import { Deal } from '../../../src/domain/deal/deal.entity.js';
import { Order } from '../../../src/domain/order/order.entity.js';
import type { Balances } from '../../../src/domain/ports/exchange.port.js';
import { dec, ZERO } from '../../../src/domain/shared/decimal.js';
import { metricsRows } from '../../../src/interfaces/reports/metrics-view.js';
import { at, makeResult } from './backtest-fixtures.js';

interface Leg {
  readonly price: string;
  readonly amount: string;
  readonly fee: string;
  readonly feeCurrency?: string;
  readonly feeQuote?: string;
}

function order(id: string, symbol: string, side: 'buy' | 'sell', leg: Leg, hour: number): Order {
  const o = Order.create({ clientOrderId: `dlb-${id}-${side[0]}1`, dealId: id, symbol, side, type: 'limit', price: dec(leg.price), amount: dec(leg.amount), createdAt: at(hour) });
  o.accept(`x-${id}-${side}`, at(hour));
  return o;
}

function fill(o: Order, id: string, leg: Leg, hour: number): void {
  o.applyFill(
    {
      tradeId: `${id}-${o.side}`,
      price: dec(leg.price),
      amount: dec(leg.amount),
      fee: dec(leg.fee),
      ...(leg.feeCurrency !== undefined && { feeCurrency: leg.feeCurrency, feeQuote: leg.feeQuote === undefined ? null : dec(leg.feeQuote) }),
      timestamp: at(hour),
    },
    at(hour),
  );
}

/** A deal bought with `buy`, its sell placed as `sell`; filled when `sold`, then closed with `dust`. */
function deal(id: string, symbol: string, buy: Leg, sell: Leg, end: { sold: boolean; dust?: string }): Deal {
  const d = Deal.open(id, order(id, symbol, 'buy', buy, 1), at(1));
  fill(d.buyOrder, id, buy, 2);
  d.markBought(order(id, symbol, 'sell', sell, 2), at(2));
  if (end.sold) {
    fill(d.sellOrder as Order, id, sell, 5);
    d.close(at(6), 'profit_markup', end.dust === undefined ? null : dec(end.dust));
  }
  d.pullEvents();
  return d;
}

const balances = (totals: Record<string, string>): Balances => Object.fromEntries(Object.entries(totals).map(([c, t]) => [c, { free: dec(t), used: ZERO, total: dec(t) }]));

/**
 * From 1000 USDT and 2 BNB (the starting equity counts the quote only, as the runner does):
 * A ETH: buy 1 @ 100, fee 0.001 ETH (Binance: the base bought); sell 0.99 @ 110, fee 0.1089 USDT;
 *        0.009 ETH is dust. PnL 108.9 - 100 - 0.1089 = 8.7911. USDT +8.7911, ETH +0.009.
 * B SOL: buy 10 @ 20, fee 0.0005 BNB worth 0.15; sell 10 @ 21, fee 0.0005 BNB worth 0.155.
 *        PnL 210 - 200 - 0.305 = 9.695. USDT +10, BNB -0.001.
 * C ETH: buy 2 @ 95, fee 0.19 USDT; sell resting at 96: working. USDT -190.19, ETH +2.
 * Last closes ETH 90, BNB 310, SOL 20. Final USDT 828.6011, ETH 2.009, BNB 1.999:
 * equity 828.6011 + 180.81 + 619.69 = 1629.1011.
 */
function scenario() {
  const deals = [
    deal('a', 'ETH/USDT', { price: '100', amount: '1', fee: '0.001', feeCurrency: 'ETH' }, { price: '110', amount: '0.99', fee: '0.1089' }, { sold: true, dust: '0.009' }),
    deal('b', 'SOL/USDT', { price: '20', amount: '10', fee: '0.0005', feeCurrency: 'BNB', feeQuote: '0.15' }, { price: '21', amount: '10', fee: '0.0005', feeCurrency: 'BNB', feeQuote: '0.155' }, { sold: true }),
    deal('c', 'ETH/USDT', { price: '95', amount: '2', fee: '0.19' }, { price: '96', amount: '2', fee: '0' }, { sold: false }),
  ];
  return makeResult(deals, [{ time: at(72), equity: 1629.1011 }], {
    pairs: ['ETH/USDT', 'BNB/USDT', 'SOL/USDT'],
    startingBalances: balances({ USDT: '1000', BNB: '2' }),
    finalBalances: balances({ USDT: '828.6011', ETH: '2.009', BNB: '1.999', SOL: '0' }),
    lastCloses: { 'ETH/USDT': dec('90'), 'BNB/USDT': dec('310'), 'SOL/USDT': dec('20') },
  });
}

describe('equity reconciliation', () => {
  const result = scenario();
  const r = reconcileEquity(result);

  it('names each amount that moved the equity, worked out by hand', () => {
    expect({
      realised: r.realisedPnl.toString(),
      unrealised: r.unrealisedPnl.toString(),
      dust: r.dust.toString(),
      feesInOtherAssets: r.feesInOtherAssets.toString(),
      heldAtStart: r.heldAtStart.toString(),
      final: r.finalEquity.toString(),
    }).toEqual({ realised: '18.4861', unrealised: '-10.19', dust: '0.81', feesInOtherAssets: '-0.005', heldAtStart: '620', final: '1629.1011' });
    expect([r.closedDeals, r.workingDeals, r.underWater]).toEqual([2, 1, 1]);
    expect(r.unrealisedByPair['ETH/USDT']?.toString()).toBe('-10.19');
    expect(r.unrealisedByPair['SOL/USDT']?.toString()).toBe('0');
  });

  it('adds up exactly: starting equity + every line = final equity, nothing unexplained', () => {
    expect(r.unexplained.toString()).toBe('0');
    const sum = [r.realisedPnl, r.unrealisedPnl, r.dust, r.feesInOtherAssets, r.heldAtStart].reduce((s, x) => s.plus(x), r.startingEquity);
    expect(sum.toString()).toBe(r.finalEquity.toString());
  });

  it('says what it cannot explain instead of hiding it', () => {
    const off = reconcileEquity({ ...result, finalBalances: { ...result.finalBalances, USDT: { free: dec('829'), used: ZERO, total: dec('829') } } });
    expect(off.unexplained.toString()).toBe('0.3989');
    expect(Object.fromEntries(metricsRows({ ...computeBacktestMetrics(result), reconciliation: off }))['+ not explained by the deals']).toBe('+0.3989 USDT (+0.04%)');
  });

  it('shows the lines one under the other, and a profit factor without a losing deal as such', () => {
    const metrics = computeBacktestMetrics(result);
    expect(metrics.profitFactor).toBeNull();
    expect(metrics.profitFactorNote).toBe('no losing deal');
    const rows = metricsRows(metrics);
    expect(Object.fromEntries(rows)['profit factor']).toBe('no losing deal');
    expect(Object.fromEntries(rows)['deals still working']).toBe('1 (1 under water at the last close)');
    const first = rows.findIndex(([label]) => label === 'starting equity');
    expect(rows.slice(first, first + 7)).toEqual([
      ['starting equity', '1000 USDT'],
      ['+ realised PnL (2 closed deals)', '+18.4861 USDT (+1.85%)'],
      ['+ unrealised PnL (1 working deal at the last close)', '-10.19 USDT (-1.02%)'],
      ['+ dust left by closed deals, at the last close', '+0.81 USDT (+0.08%)'],
      ['+ fees in other assets, revalued at the last close', '-0.005 USDT (-0.00%)'],
      ['+ assets other than USDT held at the start, at the last close', '+620 USDT (+62.00%)'],
      ['= final equity', '1629.1011 USDT (+62.91%)'],
    ]);
  });
});
