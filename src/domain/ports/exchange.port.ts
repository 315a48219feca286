import type { Decimal } from '../shared/decimal.js';
import type { MarketRules } from '../shared/market-rules.js';
import type { OrderSide, OrderType } from '../order/order.types.js';

export interface OrderRequest {
  readonly clientOrderId: string;
  readonly symbol: string;
  readonly side: OrderSide;
  readonly type: OrderType;
  readonly amount: Decimal;
  /** null for market orders */
  readonly price: Decimal | null;
}

export interface ExchangeTrade {
  readonly id: string;
  readonly price: Decimal;
  readonly amount: Decimal;
  /** In the quote currency. */
  readonly fee: Decimal;
  readonly timestamp: number;
}

export type ExchangeOrderStatus = 'open' | 'closed' | 'canceled' | 'expired' | 'rejected';

/** The exchange's view of one order. */
export interface ExchangeOrder {
  readonly exchangeOrderId: string;
  readonly clientOrderId: string;
  readonly symbol: string;
  readonly side: OrderSide;
  readonly type: OrderType;
  readonly price: Decimal | null;
  readonly amount: Decimal;
  readonly status: ExchangeOrderStatus;
  readonly filled: Decimal;
  /** Quote value filled so far (sum of price x amount). */
  readonly cost: Decimal;
  readonly fee: Decimal;
  /** The trades, where the exchange reports them; null where it gives only totals. */
  readonly trades: readonly ExchangeTrade[] | null;
  readonly timestamp: number;
}

export interface Balance {
  readonly free: Decimal;
  readonly used: Decimal;
  readonly total: Decimal;
}

export type Balances = Readonly<Record<string, Balance>>;

/**
 * An exchange account: live (ccxt) or simulated (paper). Errors thrown are the kinds in
 * exchange.errors.ts, never raw library errors.
 */
export interface Exchange {
  readonly id: string;
  loadMarkets(): Promise<readonly MarketRules[]>;
  fetchBalance(): Promise<Balances>;
  /** Sent once. OrderOutcomeUnknownError when the answer is lost. */
  createOrder(request: OrderRequest): Promise<ExchangeOrder>;
  cancelOrder(symbol: string, clientOrderId: string): Promise<ExchangeOrder>;
  /** null means the exchange proves it has no such order. */
  fetchOrder(symbol: string, clientOrderId: string): Promise<ExchangeOrder | null>;
  fetchOpenOrders(symbol?: string): Promise<readonly ExchangeOrder[]>;
  /**
   * Orders the exchange changed on its own (fills, expiries) since the last call, for
   * exchanges that push such updates. Where absent, the bot polls its working orders.
   */
  takeOrderUpdates?(): readonly ExchangeOrder[];
}
