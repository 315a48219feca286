import type { DealEvent } from './deal/deal.events.js';
import type { OperatorActed } from './operator/operator-acted.event.js';
import type { TradingPauseEvent } from './operator/trading-pause.events.js';
import type { OperatorEvent } from './order/operator-resolution.js';
import type { OrderEvent } from './order/order.events.js';

/** Every event the domain produces; stored and published by the application layer. */
export type DomainEvent = DealEvent | OrderEvent | OperatorEvent | OperatorActed | TradingPauseEvent;

/** Every type once: a type added to the union without a line here fails to compile. */
const TYPES: Readonly<Record<DomainEvent['type'], true>> = {
  DealOpened: true,
  DealBought: true,
  DealClosing: true,
  DealClosed: true,
  DealWaiting: true,
  DealCancelled: true,
  OrderPlaced: true,
  OrderFilled: true,
  OrderCancelled: true,
  OrderRejected: true,
  OrderOutcomeUnknown: true,
  OrderResolvedByOperator: true,
  OperatorActed: true,
  TradingPaused: true,
  TradingResumed: true,
};

/** The type of every domain event, for lists that must name them all (the dashboard's stream, the event contract). */
export const DOMAIN_EVENT_TYPES: readonly DomainEvent['type'][] = Object.freeze(Object.keys(TYPES) as DomainEvent['type'][]);
