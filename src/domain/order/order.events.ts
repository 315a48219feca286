import type { OrderSide, OrderType } from './order.types.js';

interface OrderEventBase {
  readonly occurredAt: number;
  readonly orderId: string;
  readonly dealId: string;
  readonly symbol: string;
  readonly side: OrderSide;
}

export interface OrderPlaced extends OrderEventBase {
  readonly type: 'OrderPlaced';
  readonly orderType: OrderType;
  readonly price: string | null;
  readonly amount: string;
  readonly exchangeOrderId: string | null;
  /** Present on a sell that carries a stop price. */
  readonly stopPrice?: string;
}

export interface OrderFilled extends OrderEventBase {
  readonly type: 'OrderFilled';
  readonly tradeId: string;
  readonly price: string;
  readonly amount: string;
  /** In the quote currency unless `feeCurrency` names another. */
  readonly fee: string;
  /** Present when the fee was paid in the base or a third currency (e.g. BNB). */
  readonly feeCurrency?: string;
  /** A third-currency fee's value in quote at the trade's time, where a price was known. */
  readonly feeQuote?: string;
  /** Cumulative filled amount after this trade. */
  readonly filled: string;
  readonly complete: boolean;
}

export interface OrderCancelled extends OrderEventBase {
  readonly type: 'OrderCancelled';
  readonly status: 'canceled' | 'expired';
  readonly filled: string;
  readonly reason: string | null;
}

export interface OrderRejected extends OrderEventBase {
  readonly type: 'OrderRejected';
  readonly reason: string;
}

export interface OrderOutcomeUnknown extends OrderEventBase {
  readonly type: 'OrderOutcomeUnknown';
  readonly reason: string;
}

export type OrderEvent = OrderPlaced | OrderFilled | OrderCancelled | OrderRejected | OrderOutcomeUnknown;
