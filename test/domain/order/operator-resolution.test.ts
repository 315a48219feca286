import { describe, expect, it } from 'vitest';
import { isOperatorResolution, OPERATOR_RESOLUTIONS, resolveMissingOrder } from '../../../src/domain/order/operator-resolution.js';
import { Order } from '../../../src/domain/order/order.entity.js';
import { dec } from '../../../src/domain/shared/decimal.js';

function sentBuy(status: 'unknown' | 'open' | 'partially_filled' = 'unknown'): Order {
  const order = Order.create({ clientOrderId: 'dlb-r1-b1', dealId: 'r1', symbol: 'BTC/USDT', side: 'buy', type: 'limit', price: dec('100'), amount: dec('2'), createdAt: 1_000 });
  if (status === 'unknown') order.markUnknown('timeout', 2_000);
  else order.accept('x-1', 2_000);
  if (status === 'partially_filled') order.applyFill({ tradeId: 't1', price: dec('100'), amount: dec('1'), fee: dec('0.1'), timestamp: 2_500 }, 2_500);
  order.pullEvents();
  return order;
}

describe('an operator resolves an order the exchange has no trace of', () => {
  it('offers exactly canceled, rejected and expired: never filled, which has no trades to record', () => {
    expect([...OPERATOR_RESOLUTIONS]).toEqual(['canceled', 'rejected', 'expired']);
    for (const r of OPERATOR_RESOLUTIONS) expect(isOperatorResolution(r)).toBe(true);
    for (const r of ['filled', 'closed', 'open', 'CANCELED', '']) expect(isOperatorResolution(r)).toBe(false);
  });

  it('each resolution moves the order through its table to that status, with the note in its reason', () => {
    for (const [resolution, status] of [['canceled', 'canceled'], ['expired', 'expired'], ['rejected', 'rejected']] as const) {
      const order = sentBuy();
      const event = resolveMissingOrder(order, resolution, 'checked the exchange UI', 3_000);
      expect(order.status).toBe(status);
      expect(order.reason).toBe('resolved by the operator (the exchange has no trace of it): checked the exchange UI');
      expect(event).toEqual({ type: 'OrderResolvedByOperator', occurredAt: 3_000, orderId: 'dlb-r1-b1', dealId: 'r1', symbol: 'BTC/USDT', side: 'buy', resolution, note: 'checked the exchange UI', localStatus: 'unknown', exchangeSaid: 'no such order' });
    }
  });

  it('without a note the reason says only what happened', () => {
    const order = sentBuy('open');
    const event = resolveMissingOrder(order, 'canceled', null, 3_000);
    expect(order.reason).toBe('resolved by the operator (the exchange has no trace of it)');
    expect([event.note, event.localStatus]).toEqual([null, 'open']);
  });

  it('a final order is refused and left as it was', () => {
    const order = sentBuy('open');
    order.cancel(2_800, 'by the bot');
    expect(() => resolveMissingOrder(order, 'expired', null, 3_000)).toThrow(/already canceled: nothing to resolve/);
    expect([order.status, order.reason]).toEqual(['canceled', 'by the bot']);
  });

  it('a partly filled order cannot be rejected (its table says so), and nothing changes', () => {
    const order = sentBuy('partially_filled');
    expect(() => resolveMissingOrder(order, 'rejected', null, 3_000)).toThrow();
    expect([order.status, order.filled.toString()]).toEqual(['partially_filled', '1']);
  });
});
