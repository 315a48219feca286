import { Order } from '../../../src/domain/order/order.entity.js';
import type { OrderStatus, OrderTransition } from '../../../src/domain/order/order-status.js';
import { dec } from '../../../src/domain/shared/decimal.js';

let trade = 0;

export function newOrder(id = 'dlb-d1-b1', amount = '1'): Order {
  return Order.create({ clientOrderId: id, dealId: 'd1', symbol: 'BTC/USDT', side: 'buy', type: 'limit', price: dec('100'), amount: dec(amount), createdAt: 1_000 });
}

/** Applies one named transition the way the application would. */
export function perform(order: Order, transition: OrderTransition, at = 2_000): void {
  switch (transition) {
    case 'accept':
      return order.accept('ex-1', at);
    case 'fill_partial':
      order.applyFill({ tradeId: `t${++trade}`, price: dec('100'), amount: order.remaining.gt(0) ? order.remaining.div(4) : dec('0.25'), fee: dec('0.01'), timestamp: at }, at);
      return;
    case 'fill_complete':
      order.applyFill({ tradeId: `t${++trade}`, price: dec('99.5'), amount: order.remaining.gt(0) ? order.remaining : dec('1'), fee: dec('0.02'), timestamp: at }, at);
      return;
    case 'cancel':
      return order.cancel(at, 'test');
    case 'expire':
      return order.expire(at, 'test');
    case 'reject':
      return order.reject('test', at);
    case 'lose':
      return order.markUnknown('timeout', at);
  }
}

/** A path from `new` to each status. */
export const PATHS: Record<OrderStatus, OrderTransition[]> = {
  new: [],
  open: ['accept'],
  partially_filled: ['accept', 'fill_partial'],
  closed: ['accept', 'fill_complete'],
  canceled: ['accept', 'cancel'],
  expired: ['accept', 'expire'],
  rejected: ['reject'],
  unknown: ['lose'],
};

export function orderIn(status: OrderStatus): Order {
  const order = newOrder();
  for (const t of PATHS[status]) perform(order, t);
  return order;
}
