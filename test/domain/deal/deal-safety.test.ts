import { describe, expect, it } from 'vitest';
import { Order, type NewOrderProps } from '../../../src/domain/order/order.entity.js';
import { dec } from '../../../src/domain/shared/decimal.js';
import { code, dealIn } from './deal-fixtures.js';

const SAFETY: NewOrderProps = { clientOrderId: 'dlb-d1-d1', dealId: 'd1', symbol: 'BTC/USDT', side: 'buy', type: 'limit', price: dec('99'), amount: dec('1'), createdAt: 3_000 };

describe('Deal: DCA safety buys', () => {
  it('an open deal takes a safety buy of its own; a pending, closing or closed one, a sell or another deal\'s buy is refused', () => {
    expect(code(() => dealIn('pending').addSafetyOrder(Order.create(SAFETY)))).toBe('DEAL_SAFETY_STATUS');
    expect(code(() => dealIn('closing').addSafetyOrder(Order.create(SAFETY)))).toBe('DEAL_SAFETY_STATUS');
    expect(code(() => dealIn('closed').addSafetyOrder(Order.create(SAFETY)))).toBe('DEAL_SAFETY_STATUS');
    expect(code(() => dealIn('open').addSafetyOrder(Order.create({ ...SAFETY, side: 'sell' })))).toBe('DEAL_SAFETY');
    expect(code(() => dealIn('open').addSafetyOrder(Order.create({ ...SAFETY, dealId: 'd2' })))).toBe('DEAL_SAFETY');
    const deal = dealIn('open');
    deal.addSafetyOrder(Order.create(SAFETY));
    expect(deal.safetyOrders.map((o) => o.id)).toEqual(['dlb-d1-d1']);
    expect(deal.sellOrders.map((o) => o.id)).toEqual(['dlb-d1-s1']);
  });

  it('a safety fill counts in what the deal bought, holds and paid, and moves the average', () => {
    const deal = dealIn('open'); // 2 @ 100, fee 0.2 (quote)
    const safety = Order.create(SAFETY);
    deal.addSafetyOrder(safety);
    safety.accept('e', 3_100);
    safety.applyFill({ tradeId: 'd-t1', price: dec('97'), amount: dec('1'), fee: dec('0.001'), feeCurrency: 'BTC', timestamp: 3_200 }, 3_200);
    expect([deal.boughtAmount, deal.boughtCost, deal.receivedAmount, deal.unsoldAmount, deal.averagePrice].map(String)).toEqual(['3', '297', '2.999', '2.999', '99']);
    expect(deal.tradedPnl.toString()).toBe('-297.2');
  });

  it('cannot close while a safety buy still works', () => {
    const deal = dealIn('open');
    deal.addSafetyOrder(Order.create(SAFETY));
    const sell = deal.sellOrders[0]!;
    sell.accept('e2', 4_000);
    sell.applyFill({ tradeId: 's-t1', price: dec('101'), amount: sell.remaining, fee: dec('0.202'), timestamp: 5_000 }, 5_000);
    expect(code(() => deal.close(5_000))).toBe('DEAL_BUY_WORKING');
    deal.safetyOrders[0]!.cancel(5_100, 'take profit filled');
    deal.close(5_100);
    expect(deal.status).toBe('closed');
  });
});
