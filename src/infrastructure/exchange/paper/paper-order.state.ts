import type { ExchangeOrder, ExchangeOrderStatus, ExchangeTrade } from '../../../domain/ports/exchange.port.js';
import type { OrderSide, OrderType } from '../../../domain/order/order.types.js';
import { ZERO, type Decimal } from '../../../domain/shared/decimal.js';
import type { MarketRules } from '../../../domain/shared/market-rules.js';

/** The paper exchange's own, mutable record of one order. Never handed out. */
export interface PaperOrder {
  /** Placement order: 1, 2, 3, ... */
  readonly sequence: number;
  readonly exchangeOrderId: string;
  readonly clientOrderId: string;
  readonly market: MarketRules;
  readonly side: OrderSide;
  readonly type: OrderType;
  readonly price: Decimal | null;
  /** The limit price as a float for the candle comparisons; NaN for market orders. */
  readonly limit: number;
  readonly stopPrice: Decimal | null;
  /** The stop price as a float; NaN without one. */
  readonly stop: number;
  readonly amount: Decimal;
  readonly timestamp: number;
  /** Still held: in the quote currency for buys, in the base currency for sells. */
  reserved: Decimal;
  status: ExchangeOrderStatus;
  /** In time order, each frozen when made, so answers share them; most paper orders fill completely in one trade. */
  readonly trades: ExchangeTrade[];
  filled: Decimal;
}

/** A frozen copy that shares nothing changeable with the exchange's state (Decimals are values no one changes). */
export function toExchangeOrder(order: PaperOrder): ExchangeOrder {
  const { trades } = order;
  let cost = ZERO;
  let fee = ZERO;
  const feeCurrency = trades[0]?.feeCurrency;
  for (const trade of trades) {
    cost = cost.plus(trade.price.times(trade.amount));
    if (trade.feeCurrency === feeCurrency) fee = fee.plus(trade.fee);
  }
  // built in one literal (a spread for the optional stop would send it down V8's slow path)
  const answer: { -readonly [K in keyof ExchangeOrder]: ExchangeOrder[K] } = {
    exchangeOrderId: order.exchangeOrderId,
    clientOrderId: order.clientOrderId,
    symbol: order.market.symbol,
    side: order.side,
    type: order.type,
    price: order.price,
    amount: order.amount,
    status: order.status,
    filled: order.filled,
    cost,
    fee,
    trades: Object.freeze(trades.slice()),
    timestamp: order.timestamp,
  };
  if (order.stopPrice !== null) answer.stopPrice = order.stopPrice;
  if (feeCurrency !== undefined) answer.feeCurrency = feeCurrency;
  return Object.freeze(answer);
}
