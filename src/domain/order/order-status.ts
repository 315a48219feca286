import { InvalidTransitionError } from '../shared/domain-error.js';

export const ORDER_STATUSES = ['new', 'open', 'partially_filled', 'closed', 'canceled', 'expired', 'rejected', 'unknown'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const ORDER_TRANSITIONS_NAMES = ['accept', 'fill_partial', 'fill_complete', 'cancel', 'expire', 'reject', 'lose'] as const;
export type OrderTransition = (typeof ORDER_TRANSITIONS_NAMES)[number];

/**
 * The one table of order status changes: (status, transition) -> next status.
 * A pair that is not here throws and changes nothing.
 */
const TABLE: Readonly<Record<OrderStatus, Partial<Record<OrderTransition, OrderStatus>>>> = {
  new: {
    accept: 'open', // the exchange acknowledged the order
    reject: 'rejected', // the exchange refused it, or it was proven never placed
    cancel: 'canceled', // withdrawn before it was sent
    lose: 'unknown', // sent, but the answer was lost (timeout, dropped connection)
  },
  open: {
    fill_partial: 'partially_filled', // a trade filled part of it
    fill_complete: 'closed', // a trade filled the rest
    cancel: 'canceled', // cancelled by us or the exchange, nothing filled
    expire: 'expired', // the exchange's time-in-force ran out
    reject: 'rejected', // refused after acknowledgement (e.g. post-only would take)
  },
  partially_filled: {
    fill_partial: 'partially_filled', // another trade, still not complete
    fill_complete: 'closed', // the last trade
    cancel: 'canceled', // the remainder was cancelled; the filled part stays
    expire: 'expired', // the remainder expired; the filled part stays
  },
  unknown: {
    // only evidence from the exchange moves an unknown order on
    accept: 'open', // found resting on the exchange
    fill_partial: 'partially_filled', // found with part of it filled
    fill_complete: 'closed', // found fully filled
    cancel: 'canceled', // found cancelled
    expire: 'expired', // found expired
    reject: 'rejected', // proven absent: the exchange never placed it
  },
  closed: {},
  canceled: {},
  expired: {},
  rejected: {},
};

export const FINAL_ORDER_STATUSES: ReadonlySet<OrderStatus> = new Set(['closed', 'canceled', 'expired', 'rejected']);

export function isFinalOrderStatus(status: OrderStatus): boolean {
  return FINAL_ORDER_STATUSES.has(status);
}

export function nextOrderStatus(orderId: string, status: OrderStatus, transition: OrderTransition): OrderStatus {
  const next = TABLE[status][transition];
  if (next === undefined) throw new InvalidTransitionError('Order', orderId, status, transition);
  return next;
}
