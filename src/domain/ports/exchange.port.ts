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
  /**
   * Sells only, and only where `Exchange.supportsStopPrice`: sell at market once the price
   * trades at or below it. With a limit price the two rest as one order, one cancels the other
   * (Binance: an OCO list of LIMIT_MAKER and STOP_LOSS under this clientOrderId); without one it
   * is a stop-market sell. Omitted or null: a plain order.
   */
  readonly stopPrice?: Decimal | null;
}

export interface ExchangeTrade {
  readonly id: string;
  readonly price: Decimal;
  readonly amount: Decimal;
  /** As charged, in `feeCurrency`. */
  readonly fee: Decimal;
  /** Absent means the pair's quote currency. Binance charges a buy's fee in the base asset, or in BNB. */
  readonly feeCurrency?: string;
  /** A third-currency fee valued in quote at the trade's time, where the exchange lists a price for it. */
  readonly feeQuote?: Decimal | null;
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
  /** The stop price it was placed with, where it has one. */
  readonly stopPrice?: Decimal | null;
  readonly amount: Decimal;
  readonly status: ExchangeOrderStatus;
  readonly filled: Decimal;
  /** Quote value filled so far (sum of price x amount). */
  readonly cost: Decimal;
  /** Fees so far, in `feeCurrency` (absent: quote); used only where `trades` is null. */
  readonly fee: Decimal;
  readonly feeCurrency?: string;
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
  /**
   * createOrder takes `stopPrice` on sells and the exchange triggers it. Absent or false: the
   * bot sends no stop prices and sells at market itself when a candle or tick crosses the stop.
   */
  readonly supportsStopPrice?: boolean;
  /**
   * Order requests (create, cancel, read of one order) the bot may have in flight at once: the
   * exchange's rate limits as data. Absent: the application's default. 1: strictly one after another.
   */
  readonly orderConcurrency?: number;
  loadMarkets(): Promise<readonly MarketRules[]>;
  /**
   * The account's balances; given `currencies`, at least those (an exchange that always reads
   * the whole account may return more). A currency the account has never held may be absent.
   */
  fetchBalance(currencies?: readonly string[]): Promise<Balances>;
  /** Sent once. OrderOutcomeUnknownError when the answer is lost. */
  createOrder(request: OrderRequest): Promise<ExchangeOrder>;
  cancelOrder(symbol: string, clientOrderId: string): Promise<ExchangeOrder>;
  /** null means the exchange proves it has no such order. */
  fetchOrder(symbol: string, clientOrderId: string): Promise<ExchangeOrder | null>;
  fetchOpenOrders(symbol?: string): Promise<readonly ExchangeOrder[]>;
  /**
   * Orders the exchange changed on its own (fills, expiries) since the last call, for
   * exchanges that push such updates. Where absent, or when it returns undefined (cannot vouch
   * for completeness now), the bot polls its working orders.
   */
  takeOrderUpdates?(): readonly ExchangeOrder[] | undefined;
  /**
   * Where updates are pushed: `listener` is called (no arguments, possibly many times in a row)
   * whenever new ones wait for takeOrderUpdates(), so they can be acted on before the next tick.
   * One listener; a later call replaces it.
   */
  onOrderUpdates?(listener: () => void): void;
}
