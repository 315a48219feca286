import type { Order } from 'ccxt';
import { OrderRefusedError, TemporaryExchangeError } from '../../../domain/ports/exchange.errors.js';
import type { ExchangeOrder, ExchangeOrderStatus, OrderRequest } from '../../../domain/ports/exchange.port.js';
import { dec, sumDecimals, type Decimal } from '../../../domain/shared/decimal.js';

/**
 * Binance's OCO order lists (rest-api.md, "Order lists"), as the bot uses them: a sell whose
 * take profit (LIMIT_MAKER, above) and stop (STOP_LOSS, below: a market sell once the last price
 * trades at or below its stopPrice) rest as one list, whichever acts first expiring the other.
 * The list carries the bot's clientOrderId; its legs carry ids derived from it, so a leg seen
 * after a restart (or on the user-data stream) leads back to its list.
 */

/** Binance's limit for any client order id, the list's included. */
const MAX_CLIENT_ID = 36;
/** Suffixes of the legs' client order ids: `.` never occurs in the bot's own ids. */
const LIMIT_LEG = '.tp';
const STOP_LEG = '.sl';

/** The legs' client order ids of the list `listClientOrderId`. */
export function legClientIds(listClientOrderId: string): { readonly limit: string; readonly stop: string } {
  return { limit: `${listClientOrderId}${LIMIT_LEG}`, stop: `${listClientOrderId}${STOP_LEG}` };
}

/** The list a leg's client order id belongs to; undefined when it is not a leg id of this form. */
export function listIdOfLeg(clientOrderId: string | undefined): string | undefined {
  if (clientOrderId === undefined) return undefined;
  for (const suffix of [LIMIT_LEG, STOP_LEG]) if (clientOrderId.endsWith(suffix) && clientOrderId.length > suffix.length) return clientOrderId.slice(0, -suffix.length);
  return undefined;
}

const plain = (value: Decimal): string => value.toFixed();

/**
 * POST /api/v3/orderList/oco params of a sell with a limit price and a stop: LIMIT_MAKER above
 * at `price`, STOP_LOSS below at `stopPrice`, one quantity. Refused before sending when the leg
 * ids would break Binance's 36-character limit or the prices are out of order.
 */
export function ocoSellParams(request: OrderRequest, marketId: string): Record<string, string> {
  const { clientOrderId, amount, price, stopPrice } = request;
  if (request.side !== 'sell' || price === null || stopPrice === undefined || stopPrice === null) throw new OrderRefusedError(`${clientOrderId}: an OCO list is a sell with a limit price and a stop price`, 'invalid_order');
  const legs = legClientIds(clientOrderId);
  if (legs.limit.length > MAX_CLIENT_ID) throw new OrderRefusedError(`${clientOrderId}: its OCO legs' client order ids would exceed ${MAX_CLIENT_ID} characters`, 'invalid_order');
  if (!stopPrice.lt(price)) throw new OrderRefusedError(`${clientOrderId}: stop ${stopPrice.toString()} is not below the limit price ${price.toString()}`, 'invalid_order');
  return {
    symbol: marketId,
    side: 'SELL',
    quantity: plain(amount),
    listClientOrderId: clientOrderId,
    aboveType: 'LIMIT_MAKER',
    abovePrice: plain(price),
    aboveClientOrderId: legs.limit,
    belowType: 'STOP_LOSS',
    belowStopPrice: plain(stopPrice),
    belowClientOrderId: legs.stop,
    newOrderRespType: 'RESULT',
  };
}

/** What the bot reads of an order list answer (GET /api/v3/orderList, openOrderList, POST and DELETE answers). */
export interface OrderListView {
  readonly orderListId: number;
  readonly listClientOrderId: string;
  /** The market id, e.g. BTCUSDT. */
  readonly symbol: string;
  readonly listOrderStatus: string;
  readonly transactionTime: number;
  readonly legs: readonly { readonly orderId: string; readonly clientOrderId: string }[];
}

const malformed = (): TemporaryExchangeError => new TemporaryExchangeError('exchange answer without a complete order list');

export function parseOrderList(raw: unknown): OrderListView {
  const list = raw as Record<string, unknown> | null;
  const orders = list?.['orders'];
  if (list === null || typeof list !== 'object' || !Array.isArray(orders) || orders.length !== 2) throw malformed();
  const { orderListId, listClientOrderId, symbol, listOrderStatus, transactionTime } = list;
  if (typeof listClientOrderId !== 'string' || typeof symbol !== 'string' || typeof listOrderStatus !== 'string' || orderListId === undefined) throw malformed();
  const legs = orders.map((o: { orderId?: unknown; clientOrderId?: unknown }) => {
    if (o.orderId === undefined || typeof o.clientOrderId !== 'string') throw malformed();
    return { orderId: String(o.orderId), clientOrderId: o.clientOrderId };
  });
  return { orderListId: Number(orderListId), listClientOrderId, symbol, listOrderStatus, transactionTime: Number(transactionTime ?? 0), legs };
}

/** A list's id on the exchange, as the ExchangeOrder's exchangeOrderId (apart from plain order ids). */
export const listExchangeId = (orderListId: number): string => `oco:${orderListId}`;

/** A leg as read (ccxt's order, for its type and trigger) and as the port sees it (with its trades). */
export interface ListLeg {
  readonly raw: Order;
  readonly order: ExchangeOrder;
}

const isStopLeg = (leg: ListLeg): boolean => {
  const type = String((leg.raw.info as Record<string, unknown> | undefined)?.['type'] ?? '');
  return type.startsWith('STOP_LOSS') || (type === '' && leg.raw.triggerPrice !== undefined);
};

/**
 * The list as ONE order of the port: open while a leg works; closed once a leg filled
 * completely; canceled (or expired) when both legs ended otherwise. Filled, cost and trades are
 * both legs'; price is the take profit's, stopPrice the stop's.
 */
export function listOrder(list: OrderListView, legs: readonly ListLeg[], symbol: string): ExchangeOrder {
  const stop = legs.find(isStopLeg);
  const limit = legs.find((l) => l !== stop);
  if (stop === undefined || limit === undefined) throw malformed();
  const orders = legs.map((l) => l.order);
  const info = stop.raw.info as Record<string, unknown> | undefined;
  const stopPrice = dec(String(info?.['stopPrice'] ?? stop.raw.triggerPrice ?? 0));
  const trades = orders.every((o) => o.trades !== null) ? orders.flatMap((o) => o.trades ?? []) : null;
  const feeCurrency = trades !== null ? trades.find((t) => t.fee.gt(0))?.feeCurrency : orders.find((o) => o.fee.gt(0))?.feeCurrency;
  return Object.freeze({
    exchangeOrderId: listExchangeId(list.orderListId),
    clientOrderId: list.listClientOrderId,
    symbol,
    side: limit.order.side,
    type: 'limit' as const,
    price: limit.order.price,
    stopPrice: stopPrice.gt(0) ? stopPrice : null,
    amount: limit.order.amount,
    status: listStatus(orders),
    filled: sumDecimals(orders.map((o) => o.filled)),
    cost: sumDecimals(orders.map((o) => o.cost)),
    fee: sumDecimals(trades !== null ? trades.map((t) => t.fee) : orders.map((o) => o.fee)),
    ...(feeCurrency !== undefined && { feeCurrency }),
    trades: trades === null ? null : Object.freeze(trades),
    timestamp: list.transactionTime > 0 ? list.transactionTime : Math.max(0, ...orders.map((o) => o.timestamp)),
  });
}

/** From the legs, not the list's status: a triggered STOP_LOSS_LIMIT may still rest while the list is ALL_DONE. */
function listStatus(legs: readonly ExchangeOrder[]): ExchangeOrderStatus {
  if (legs.some((o) => o.status === 'closed')) return 'closed';
  if (legs.some((o) => o.status === 'open')) return 'open';
  if (legs.some((o) => o.status === 'canceled')) return 'canceled';
  return legs.some((o) => o.status === 'rejected') ? 'rejected' : 'expired';
}
