import { DomainError } from '../shared/domain-error.js';
import type { Order } from './order.entity.js';
import type { OrderStatus } from './order-status.js';
import type { OrderSide } from './order.types.js';

/**
 * How an operator may end an order the exchange has no trace of. Not `filled`: without the
 * exchange's trades (price, amount, fee, trade id) a fill cannot be recorded exactly, and a
 * guessed one would put money in the books that the account does not hold.
 */
export const OPERATOR_RESOLUTIONS = ['canceled', 'rejected', 'expired'] as const;
export type OperatorResolution = (typeof OPERATOR_RESOLUTIONS)[number];

export function isOperatorResolution(value: string): value is OperatorResolution {
  return (OPERATOR_RESOLUTIONS as readonly string[]).includes(value);
}

/** An operator ended an order that blocked trading; what they saw is kept with their note. */
export interface OrderResolvedByOperator {
  readonly type: 'OrderResolvedByOperator';
  readonly occurredAt: number;
  readonly orderId: string;
  /** The deal the order belongs to (for an exchange order the database lacks: the deal its id names, or ''). */
  readonly dealId: string;
  readonly symbol: string;
  readonly side: OrderSide;
  readonly resolution: OperatorResolution;
  readonly note: string | null;
  /** The order's status here before the resolution; null when the database had no such order. */
  readonly localStatus: OrderStatus | null;
  /** What the exchange said about the order when the operator resolved it. */
  readonly exchangeSaid: string;
}

export type OperatorEvent = OrderResolvedByOperator;

/**
 * Ends `order`, which the exchange has no trace of, as the operator decided: through the
 * order's transition table (a final order, or `rejected` after a partial fill, throws and
 * changes nothing). Returns the event that records the decision; the order records its own.
 */
export function resolveMissingOrder(order: Order, resolution: OperatorResolution, note: string | null, at: number): OrderResolvedByOperator {
  if (order.isFinal) throw new DomainError(`order ${order.clientOrderId} is already ${order.status}: nothing to resolve`, 'ORDER_FINAL');
  const localStatus = order.status;
  const reason = `resolved by the operator (the exchange has no trace of it)${note === null ? '' : `: ${note}`}`;
  if (resolution === 'canceled') order.cancel(at, reason);
  else if (resolution === 'expired') order.expire(at, reason);
  else order.reject(reason, at);
  return { type: 'OrderResolvedByOperator', occurredAt: at, orderId: order.clientOrderId, dealId: order.dealId, symbol: order.symbol, side: order.side, resolution, note, localStatus, exchangeSaid: 'no such order' };
}
