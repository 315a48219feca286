import { dec } from '../shared/decimal.js';
import type { Fill, OrderSide, OrderState, OrderType } from './order.types.js';
import type { OrderStatus } from './order-status.js';

/** A fill as text; the fee's currency and quote value only where the fill has them. */
export interface FillSnapshot {
  readonly tradeId: string;
  readonly price: string;
  readonly amount: string;
  readonly fee: string;
  readonly feeCurrency?: string;
  readonly feeQuote?: string | null;
  readonly timestamp: number;
}

/** Plain, serialisable form of an order: decimals as exact text. */
export interface OrderSnapshot {
  readonly clientOrderId: string;
  readonly dealId: string;
  readonly symbol: string;
  readonly side: OrderSide;
  readonly type: OrderType;
  readonly price: string | null;
  readonly amount: string;
  readonly status: OrderStatus;
  readonly exchangeOrderId: string | null;
  readonly fills: readonly FillSnapshot[];
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly reason: string | null;
  /** Present only on a sell that carries a stop price. */
  readonly stopPrice?: string | null;
}

export function orderToSnapshot(s: OrderState): OrderSnapshot {
  return {
    clientOrderId: s.clientOrderId,
    dealId: s.dealId,
    symbol: s.symbol,
    side: s.side,
    type: s.type,
    price: s.price?.toString() ?? null,
    amount: s.amount.toString(),
    status: s.status,
    exchangeOrderId: s.exchangeOrderId,
    fills: s.fills.map(fillToSnapshot),
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
    reason: s.reason,
    ...(s.stopPrice ? { stopPrice: s.stopPrice.toString() } : {}),
  };
}

export function orderStateFromSnapshot(s: OrderSnapshot): OrderState {
  return {
    ...s,
    price: s.price === null ? null : dec(s.price),
    amount: dec(s.amount),
    stopPrice: s.stopPrice === undefined || s.stopPrice === null ? null : dec(s.stopPrice),
    fills: s.fills.map(fillFromSnapshot),
  };
}

export function fillToSnapshot(f: Fill): FillSnapshot {
  return { tradeId: f.tradeId, price: f.price.toString(), amount: f.amount.toString(), fee: f.fee.toString(), ...(f.feeCurrency !== undefined && { feeCurrency: f.feeCurrency }), ...(f.feeQuote !== undefined && f.feeQuote !== null && { feeQuote: f.feeQuote.toString() }), timestamp: f.timestamp };
}

export function fillFromSnapshot(f: FillSnapshot): Fill {
  return { tradeId: f.tradeId, price: dec(f.price), amount: dec(f.amount), fee: dec(f.fee), ...(f.feeCurrency !== undefined && f.feeCurrency !== null && { feeCurrency: f.feeCurrency }), ...(f.feeQuote !== undefined && f.feeQuote !== null && { feeQuote: dec(f.feeQuote) }), timestamp: f.timestamp };
}
