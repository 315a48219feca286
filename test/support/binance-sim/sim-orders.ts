import type { Decimal } from '../../../src/domain/shared/decimal.js';
import type { SimMarket } from './sim-market.js';

/** The simulated account's records: orders, trades, order lists, and Binance's refusals. */

export type SimSide = 'BUY' | 'SELL';
export type SimOrderType = 'LIMIT' | 'MARKET' | 'LIMIT_MAKER' | 'STOP_LOSS' | 'STOP_LOSS_LIMIT' | 'TAKE_PROFIT' | 'TAKE_PROFIT_LIMIT';
export type SimOrderStatus = 'NEW' | 'FILLED' | 'CANCELED' | 'EXPIRED';

export interface SimTrade {
  readonly id: number;
  readonly orderId: number;
  readonly price: Decimal;
  readonly qty: Decimal;
  readonly commission: Decimal;
  readonly commissionAsset: string;
  readonly time: number;
  readonly isBuyer: boolean;
  readonly isMaker: boolean;
}

export interface SimOrder {
  readonly orderId: number;
  readonly clientOrderId: string;
  readonly market: SimMarket;
  readonly side: SimSide;
  readonly type: SimOrderType;
  /** null for market orders and STOP_LOSS / TAKE_PROFIT */
  readonly price: Decimal | null;
  /** The trigger price of the stop types; null for the others. */
  readonly stopPrice: Decimal | null;
  readonly quantity: Decimal;
  readonly time: number;
  /** The order list (OCO) the order is a leg of; -1 for none. */
  readonly orderListId: number;
  /** When the order started working on the book: -1 while a stop waits for its trigger. */
  workingTime: number;
  updateTime: number;
  status: SimOrderStatus;
  executedQty: Decimal;
  cumQuote: Decimal;
  /** Held: quote for buys (price x qty x (1 + fee)), base for sells; an OCO's hold sits on one leg. */
  reserved: Decimal;
  readonly trades: SimTrade[];
  /** Why an EXPIRED order expired (OCO_TRIGGER: the other leg went first); null otherwise. */
  expiryReason: string | null;
  /** The client order id of the cancel request that cancelled it (its report's `c`); null otherwise. */
  cancelClientOrderId?: string;
}

/** An order list: the two legs of an OCO, and where the list stands. */
export interface SimOrderList {
  readonly orderListId: number;
  readonly listClientOrderId: string;
  readonly market: SimMarket;
  readonly orders: readonly SimOrder[];
  readonly transactionTime: number;
  listStatusType: 'EXEC_STARTED' | 'ALL_DONE';
  listOrderStatus: 'EXECUTING' | 'ALL_DONE';
  updateTime: number;
}

/**
 * Where the book announces changes: executionReport per order change, listStatus per list change,
 * and, after the reports of a change that moved balances, the assets it moved (outboundAccountPosition).
 */
export interface SimBookListener {
  order(order: SimOrder, trade: SimTrade | null): void;
  list(list: SimOrderList): void;
  account(assets: readonly string[]): void;
}

/** A refusal in Binance's error format: HTTP status, error code, message. */
export class BinanceRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export const INSUFFICIENT_BALANCE = 'Account has insufficient balance for requested action.';
export const DUPLICATE_ORDER = 'Duplicate order sent.';


export interface NewOrder {
  readonly market: SimMarket;
  readonly side: SimSide;
  readonly type: SimOrderType;
  readonly quantity: Decimal;
  readonly price: Decimal | null;
  readonly stopPrice?: Decimal | null;
  readonly clientOrderId: string;
}

/**
 * Which asset commission is charged in. Binance (spot, its default): the asset the trade
 * brings in, so a buy pays in the base asset and the account receives qty - commission; with
 * "pay fees with BNB" on and BNB enough, in BNB at a 25 % discount, valued at the BNB/<quote>
 * last price. `quote` is the simplified model some exchanges use: every commission in quote.
 */
export type SimFeeMode = 'received' | 'bnb' | 'quote';
