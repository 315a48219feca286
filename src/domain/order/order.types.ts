import type { Decimal } from '../shared/decimal.js';
import type { OrderStatus } from './order-status.js';

export type OrderSide = 'buy' | 'sell';
export type OrderType = 'limit' | 'market';

/** One trade against an order; applied once per tradeId. */
export interface Fill {
  readonly tradeId: string;
  readonly price: Decimal;
  readonly amount: Decimal;
  /** The fee as the exchange charged it, in `feeCurrency`. */
  readonly fee: Decimal;
  /** The currency the fee was paid in; absent means the pair's quote currency. */
  readonly feeCurrency?: string;
  /** A fee in a third currency (e.g. BNB) valued in the quote currency at the trade's time; absent or null where no price was known. */
  readonly feeQuote?: Decimal | null;
  readonly timestamp: number;
}

export interface NewOrderProps {
  readonly clientOrderId: string;
  readonly dealId: string;
  readonly symbol: string;
  readonly side: OrderSide;
  readonly type: OrderType;
  /** Limit price; null for market orders. */
  readonly price: Decimal | null;
  readonly amount: Decimal;
  readonly createdAt: number;
  /**
   * Sells only: sell at market once the price trades at or below it. On a limit sell both
   * rest as one order (take profit above, stop below; whichever is reached first fills).
   */
  readonly stopPrice?: Decimal | null;
}

/** Everything an order is: what repositories store and `Order.restore` takes. */
export interface OrderState extends NewOrderProps {
  readonly status: OrderStatus;
  readonly exchangeOrderId: string | null;
  readonly fills: readonly Fill[];
  readonly updatedAt: number;
  readonly reason: string | null;
}
