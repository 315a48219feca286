import { describe, expect, it } from 'vitest';
import { dealFromSnapshot, dealToSnapshot } from '../../../src/domain/deal/deal.snapshot.js';
import { Order } from '../../../src/domain/order/order.entity.js';
import { orderStateFromSnapshot } from '../../../src/domain/order/order.snapshot.js';
import { DomainError } from '../../../src/domain/shared/domain-error.js';
import { dec } from '../../../src/domain/shared/decimal.js';
import { dealIn } from './deal-fixtures.js';

const sell = (dealId: string, attempt: number, amount: string, stopPrice: string | null = null): Order =>
  Order.create({ clientOrderId: `dlb-${dealId}-s${attempt}`, dealId, symbol: 'BTC/USDT', side: 'sell', type: 'limit', price: dec('101'), amount: dec(amount), createdAt: 3_000, stopPrice: stopPrice === null ? null : dec(stopPrice) });

describe('Deal sells and high-water mark', () => {
  it('takes several working sells (a take-profit ladder) as long as together they do not oversell', () => {
    const deal = dealIn('open'); // bought 2, s1 for 2 working
    deal.sellOrders[0]?.cancel(3_500, 'test');
    deal.addSellOrder(sell('d1', 2, '1'));
    deal.addSellOrder(sell('d1', 3, '1'));
    expect(deal.workingSells.map((o) => o.id)).toEqual(['dlb-d1-s2', 'dlb-d1-s3']);
    const before = dealToSnapshot(deal);
    expect(() => deal.addSellOrder(sell('d1', 4, '0.001'))).toThrow(expect.objectContaining({ code: 'DEAL_SELL_WORKING' }));
    expect(dealToSnapshot(deal)).toEqual(before);
  });

  it('refuses a sell larger than the unsold amount', () => {
    const deal = dealIn('open');
    deal.sellOrders[0]?.cancel(3_500, 'test');
    expect(() => deal.addSellOrder(sell('d1', 2, '2.5'))).toThrow(DomainError);
    expect(() => deal.addSellOrder(sell('d1', 2, '2.5'))).toThrow(expect.objectContaining({ code: 'DEAL_OVERSELL' }));
  });

  it('raises the high-water mark only upwards, only while open, and keeps it in its snapshot', () => {
    const deal = dealIn('open');
    expect(deal.highWaterMark).toBeNull();
    expect(dealToSnapshot(deal)).not.toHaveProperty('highWaterMark');
    expect(deal.raiseHighWaterMark(dec('103'))).toBe(true);
    expect(deal.raiseHighWaterMark(dec('102.5'))).toBe(false);
    expect(deal.raiseHighWaterMark(dec('103'))).toBe(false);
    expect(deal.highWaterMark?.toString()).toBe('103');
    const restored = dealFromSnapshot(JSON.parse(JSON.stringify(dealToSnapshot(deal))));
    expect(restored.highWaterMark?.toString()).toBe('103');
    expect(dealToSnapshot(restored)).toEqual(dealToSnapshot(deal));
    expect(dealIn('closed').raiseHighWaterMark(dec('200'))).toBe(false);
  });

  it('closes with the reason it is given, or the exit reason when closing', () => {
    const open = dealIn('open');
    open.sellOrder?.accept('e', 4_000);
    open.sellOrder?.applyFill({ tradeId: 't', price: dec('101'), amount: dec('2'), fee: dec('0'), timestamp: 5_000 }, 5_000);
    open.close(5_000, 'take_profit');
    expect(open.reason).toBe('take_profit');
    expect(dealIn('closed').reason).toBe('profit_markup');
  });
});

describe('Order stop price', () => {
  it('is only for sells, above zero and below the limit', () => {
    expect(() => sell('d1', 1, '1', '101')).toThrow(expect.objectContaining({ code: 'ORDER_STOP' }));
    expect(() => sell('d1', 1, '1', '0')).toThrow(expect.objectContaining({ code: 'ORDER_STOP' }));
    expect(() => Order.create({ clientOrderId: 'b', dealId: 'd1', symbol: 'BTC/USDT', side: 'buy', type: 'limit', price: dec('1'), amount: dec('1'), createdAt: 0, stopPrice: dec('0.5') })).toThrow(expect.objectContaining({ code: 'ORDER_STOP' }));
    expect(Order.create({ clientOrderId: 'x', dealId: 'd1', symbol: 'BTC/USDT', side: 'sell', type: 'market', price: null, amount: dec('1'), createdAt: 0, stopPrice: dec('95') }).stopPrice?.toString()).toBe('95');
  });

  it('is kept by the snapshot (and left out when there is none) and told in OrderPlaced', () => {
    const stopped = sell('d1', 1, '1', '95');
    expect(stopped.toSnapshot().stopPrice).toBe('95');
    expect(Order.restore(orderStateFromSnapshot(stopped.toSnapshot())).stopPrice?.toString()).toBe('95');
    expect(sell('d1', 1, '1').toSnapshot()).not.toHaveProperty('stopPrice');
    stopped.accept('e', 1);
    expect(stopped.pullEvents()[0]).toMatchObject({ type: 'OrderPlaced', stopPrice: '95', price: '101' });
  });

  it('knows whether its stop sold it: filled below the limit', () => {
    const order = sell('d1', 1, '1', '95');
    order.accept('e', 1);
    expect(order.stopped).toBe(false);
    order.applyFill({ tradeId: 't', price: dec('94.5'), amount: dec('1'), fee: dec('0'), timestamp: 2 }, 2);
    expect(order.stopped).toBe(true);
    const limit = sell('d1', 2, '1', '95');
    limit.accept('e', 1);
    limit.applyFill({ tradeId: 't', price: dec('101'), amount: dec('1'), fee: dec('0'), timestamp: 2 }, 2);
    expect(limit.stopped).toBe(false);
  });
});
