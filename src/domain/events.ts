import type { DealEvent } from './deal/deal.events.js';
import type { OperatorActed } from './operator/operator-acted.event.js';
import type { OperatorEvent } from './order/operator-resolution.js';
import type { OrderEvent } from './order/order.events.js';

/** Every event the domain produces; stored and published by the application layer. */
export type DomainEvent = DealEvent | OrderEvent | OperatorEvent | OperatorActed;
