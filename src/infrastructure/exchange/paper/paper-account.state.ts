import type { ExchangeOrderStatus } from '../../../domain/ports/exchange.port.js';
import type { OrderSide, OrderType } from '../../../domain/order/order.types.js';
import { dec } from '../../../domain/shared/decimal.js';
import type { MarketRules } from '../../../domain/shared/market-rules.js';
import type { PaperOrder } from './paper-order.state.js';

/** A paper account as plain JSON: balances, every order with its trades, the order sequence. */
export interface PaperAccountState {
  readonly version: 1;
  readonly sequence: number;
  readonly accounts: Readonly<Record<string, { readonly total: string; readonly used: string }>>;
  readonly lastCloses: Readonly<Record<string, number | null>>;
  readonly orders: readonly PaperOrderState[];
}

export interface PaperOrderState {
  readonly sequence: number;
  readonly exchangeOrderId: string;
  readonly clientOrderId: string;
  readonly symbol: string;
  readonly side: OrderSide;
  readonly type: OrderType;
  readonly price: string | null;
  readonly stopPrice: string | null;
  readonly amount: string;
  readonly timestamp: number;
  readonly reserved: string;
  readonly status: ExchangeOrderStatus;
  readonly filled: string;
  readonly trades: readonly { id: string; price: string; amount: string; fee: string; feeCurrency?: string; feeQuote?: string | null; timestamp: number }[];
}

export function paperOrderToState(o: PaperOrder): PaperOrderState {
  return {
    sequence: o.sequence,
    exchangeOrderId: o.exchangeOrderId,
    clientOrderId: o.clientOrderId,
    symbol: o.market.symbol,
    side: o.side,
    type: o.type,
    price: o.price?.toString() ?? null,
    stopPrice: o.stopPrice?.toString() ?? null,
    amount: o.amount.toString(),
    timestamp: o.timestamp,
    reserved: o.reserved.toString(),
    status: o.status,
    filled: o.filled.toString(),
    trades: o.trades.map((t) => ({ id: t.id, price: t.price.toString(), amount: t.amount.toString(), fee: t.fee.toString(), ...(t.feeCurrency !== undefined && { feeCurrency: t.feeCurrency, feeQuote: t.feeQuote?.toString() ?? null }), timestamp: t.timestamp })),
  };
}

export function paperOrderFromState(s: PaperOrderState, market: MarketRules): PaperOrder {
  const price = s.price === null ? null : dec(s.price);
  const stopPrice = s.stopPrice === null ? null : dec(s.stopPrice);
  return {
    sequence: s.sequence,
    exchangeOrderId: s.exchangeOrderId,
    clientOrderId: s.clientOrderId,
    market,
    side: s.side,
    type: s.type,
    price,
    limit: price === null ? Number.NaN : Number(s.price),
    stopPrice,
    stop: stopPrice === null ? Number.NaN : Number(s.stopPrice),
    amount: dec(s.amount),
    timestamp: s.timestamp,
    reserved: dec(s.reserved),
    status: s.status,
    filled: dec(s.filled),
    trades: s.trades.map((t) => Object.freeze({ id: t.id, price: dec(t.price), amount: dec(t.amount), fee: dec(t.fee), ...(t.feeCurrency !== undefined && { feeCurrency: t.feeCurrency, feeQuote: t.feeQuote === null || t.feeQuote === undefined ? null : dec(t.feeQuote) }), timestamp: t.timestamp })),
  };
}
