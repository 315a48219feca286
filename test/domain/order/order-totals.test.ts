import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Order } from '../../../src/domain/order/order.entity.js';
import type { OrderCancelled, OrderFilled, OrderPlaced } from '../../../src/domain/order/order.events.js';
import { orderStateFromSnapshot } from '../../../src/domain/order/order.snapshot.js';
import { dec } from '../../../src/domain/shared/decimal.js';
import { form } from '../../support/decimal-form.js';

const sell = (): Order =>
  Order.create({ clientOrderId: 'dlb-d1-s1', dealId: 'd1', symbol: 'BTC/USDT', side: 'sell', type: 'limit', price: dec('101'), stopPrice: dec('95'), amount: dec('3'), createdAt: 1_000 });

describe('Order totals and events', () => {
  it('filled, cost, fee and average follow every fill, and a refused fill changes none', () => {
    const order = sell();
    expect([order.filled.toString(), order.cost.toString(), order.fee.toString(), order.average]).toEqual(['0', '0', '0', null]);
    order.accept('x-1', 1_001);
    order.applyFill({ tradeId: 't1', price: dec('101'), amount: dec('1'), fee: dec('0.101'), timestamp: 1_002 }, 1_002);
    expect([order.filled.toString(), order.cost.toString(), order.fee.toString(), order.average?.toString(), order.remaining.toString()]).toEqual(['1', '101', '0.101', '101', '2']);
    expect(() => order.applyFill({ tradeId: 't2', price: dec('101'), amount: dec('5'), fee: dec('0.5'), timestamp: 1_003 }, 1_003)).toThrow('overfills');
    expect(order.filled.toString()).toBe('1');
    order.applyFill({ tradeId: 't3', price: dec('102'), amount: dec('2'), fee: dec('0.204'), timestamp: 1_004 }, 1_004);
    expect([order.filled.toString(), order.cost.toString(), order.fee.toString(), order.average?.toString(), order.status]).toEqual(['3', '305', '0.305', '101.6666666666666666666666666666666666666667', 'closed']);
    const restored = Order.restore(orderStateFromSnapshot(order.toSnapshot()));
    expect([restored.filled.toString(), restored.cost.toString(), restored.fee.toString(), restored.average?.toString()]).toEqual(['3', '305', '0.305', order.average?.toString()]);
  });

  it('the average of one fill is exactly what cost / filled gives (property)', () => {
    const decimal = fc.tuple(fc.bigInt({ min: 1n, max: 10n ** 25n }), fc.integer({ min: -3, max: 50 })).map(([c, scale]) => dec(`${c}e${-scale}`));
    fc.assert(
      fc.property(decimal, decimal, (price, amount) => {
        const order = Order.create({ clientOrderId: 'dlb-d1-b1', dealId: 'd1', symbol: 'BTC/USDT', side: 'buy', type: 'limit', price, amount, createdAt: 1_000 });
        order.accept('x-1', 1_001);
        order.applyFill({ tradeId: 't1', price, amount, fee: dec('0'), timestamp: 1_002 }, 1_002);
        const expected = order.cost.div(order.filled);
        const average = order.average as ReturnType<typeof dec>;
        expect(form(average)).toEqual(form(expected)); // one form per value
        expect(average.toString()).toBe(expected.toString());
      }),
      { numRuns: 2000 },
    );
  });

  it("event texts are the decimals' own: price, amount, and filled after every fill", () => {
    const order = sell();
    order.accept('x-1', 1_001);
    const fills = [dec('1.50'), dec('0.5'), dec('1')];
    for (const [i, amount] of fills.entries()) order.applyFill({ tradeId: `t${i}`, price: dec('101.0'), amount, fee: dec('0'), timestamp: 1_002 + i }, 1_002 + i);
    const [placed, ...filled] = order.pullEvents() as [OrderPlaced, ...OrderFilled[]];
    expect([placed.price, placed.amount]).toEqual(['101', '3']);
    expect(filled.map((e) => [e.price, e.amount, e.filled])).toEqual([['101', '1.5', '1.5'], ['101', '0.5', '2'], ['101', '1', '3']]);
    const market = Order.create({ clientOrderId: 'dlb-d1-x1', dealId: 'd1', symbol: 'BTC/USDT', side: 'sell', type: 'market', price: null, amount: dec('0.001'), createdAt: 1_000 });
    market.accept('x-2', 1_001);
    market.cancel(1_002);
    const [marketPlaced, cancelled] = market.pullEvents() as [OrderPlaced, OrderCancelled];
    expect([marketPlaced.price, marketPlaced.amount, cancelled.filled]).toEqual([null, '0.001', '0']);
  });

  it("events carry their own fields first, then the order's", () => {
    const order = sell();
    order.accept('x-1', 1_001);
    order.applyFill({ tradeId: 't1', price: dec('101'), amount: dec('3'), fee: dec('0.303'), timestamp: 1_002 }, 1_002);
    const [placed, filled] = order.pullEvents();
    expect(Object.keys(placed as object)).toEqual(['type', 'occurredAt', 'orderType', 'price', 'amount', 'exchangeOrderId', 'stopPrice', 'orderId', 'dealId', 'symbol', 'side']);
    expect(placed).toEqual({ type: 'OrderPlaced', occurredAt: 1_001, orderType: 'limit', price: '101', amount: '3', exchangeOrderId: 'x-1', stopPrice: '95', orderId: 'dlb-d1-s1', dealId: 'd1', symbol: 'BTC/USDT', side: 'sell' });
    expect(Object.keys(filled as object)).toEqual(['type', 'occurredAt', 'tradeId', 'price', 'amount', 'fee', 'filled', 'complete', 'orderId', 'dealId', 'symbol', 'side']);
  });

  it('optional event fields sit after the fixed ones and before the order\'s', () => {
    const order = sell();
    order.accept('x-1', 1_001);
    order.applyFill({ tradeId: 't1', price: dec('101'), amount: dec('1'), fee: dec('0.0002'), feeCurrency: 'BNB', feeQuote: dec('0.12'), timestamp: 1_002 }, 1_002);
    order.cancel(1_003, 'operator');
    const [, filled, cancelled] = order.pullEvents();
    expect(Object.keys(filled as object)).toEqual(['type', 'occurredAt', 'tradeId', 'price', 'amount', 'fee', 'filled', 'complete', 'feeCurrency', 'feeQuote', 'orderId', 'dealId', 'symbol', 'side']);
    expect(filled).toMatchObject({ fee: '0.0002', feeCurrency: 'BNB', feeQuote: '0.12', filled: '1', complete: false });
    expect(Object.keys(cancelled as object)).toEqual(['type', 'occurredAt', 'status', 'filled', 'reason', 'orderId', 'dealId', 'symbol', 'side']);
  });
});
