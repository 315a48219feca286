import type { Candle } from '../../../src/domain/shared/candle.js';
import { dec, ZERO, type Decimal } from '../../../src/domain/shared/decimal.js';
import type { SimOrder, SimOrderList, SimTrade } from './sim-orders.js';
import { isStop } from './sim-triggers.js';

/** Binance's JSON shapes (public spot API documentation), built from the simulator's state. */

const f8 = (value: Decimal | null): string => (value ?? ZERO).toFixed(8);

function orderCore(order: SimOrder) {
  return {
    symbol: order.market.id,
    orderId: order.orderId,
    orderListId: order.orderListId,
    clientOrderId: order.clientOrderId,
    price: f8(order.price),
    origQty: f8(order.quantity),
    executedQty: f8(order.executedQty),
    cummulativeQuoteQty: f8(order.cumQuote),
    status: order.status,
    timeInForce: 'GTC',
    type: order.type,
    side: order.side,
    // a conditional field: only the stop types carry it (rest-api.md, "Conditional fields in Order Responses")
    ...(isStop(order.type) ? { stopPrice: f8(order.stopPrice) } : {}),
    ...(order.expiryReason === null ? {} : { expiryReason: order.expiryReason }),
  };
}

/** GET /api/v3/order and /api/v3/openOrders entries. */
export function orderJson(order: SimOrder) {
  return {
    ...orderCore(order),
    stopPrice: f8(order.stopPrice),
    icebergQty: f8(null),
    time: order.time,
    updateTime: order.updateTime,
    isWorking: order.workingTime !== -1,
    workingTime: order.workingTime,
    origQuoteOrderQty: f8(null),
    selfTradePreventionMode: 'EXPIRE_MAKER',
  };
}

/** POST /api/v3/order answer with newOrderRespType=FULL (RESULT and ACK are subsets). */
export function newOrderJson(order: SimOrder, respType: string) {
  const ack = { symbol: order.market.id, orderId: order.orderId, orderListId: order.orderListId, clientOrderId: order.clientOrderId, transactTime: order.time };
  if (respType === 'ACK') return ack;
  const result = { ...ack, ...orderCore(order), workingTime: order.workingTime, selfTradePreventionMode: 'EXPIRE_MAKER' };
  if (respType === 'RESULT') return result;
  const fills = order.trades.map((t) => ({ price: f8(t.price), qty: f8(t.qty), commission: f8(t.commission), commissionAsset: t.commissionAsset, tradeId: t.id }));
  return { ...result, fills };
}

/** DELETE /api/v3/order answer: clientOrderId is the cancel request's own id, origClientOrderId the order's. */
export function canceledOrderJson(order: SimOrder, cancelClientOrderId: string, transactTime: number) {
  return { ...orderCore(order), origClientOrderId: order.clientOrderId, clientOrderId: cancelClientOrderId, transactTime, selfTradePreventionMode: 'EXPIRE_MAKER' };
}

/** GET /api/v3/myTrades entries. */
export function tradeJson(order: SimOrder, trade: SimTrade) {
  return {
    symbol: order.market.id,
    id: trade.id,
    orderId: trade.orderId,
    orderListId: order.orderListId,
    price: f8(trade.price),
    qty: f8(trade.qty),
    quoteQty: f8(trade.price.times(trade.qty)),
    commission: f8(trade.commission),
    commissionAsset: trade.commissionAsset,
    time: trade.time,
    isBuyer: trade.isBuyer,
    isMaker: trade.isMaker,
    isBestMatch: true,
  };
}

const EXECUTION_TYPES = { NEW: 'NEW', FILLED: 'TRADE', CANCELED: 'CANCELED', EXPIRED: 'EXPIRED' } as const;

/**
 * The user data stream's executionReport event for one order change: NEW when placed and again
 * when a stop triggers (then `w`, on the book, turns true and `W` appears), TRADE, CANCELED,
 * EXPIRED (with `eR`, the expiry reason).
 */
export function executionReport(order: SimOrder, trade: SimTrade | null, eventTime: number) {
  const working = order.status === 'NEW' && order.workingTime !== -1;
  return {
    e: 'executionReport',
    E: eventTime,
    s: order.market.id,
    // a cancel's report carries the cancel request's id, the order's own in `C` (user-data-stream.md)
    c: order.status === 'CANCELED' ? (order.cancelClientOrderId ?? order.clientOrderId) : order.clientOrderId,
    S: order.side,
    o: order.type,
    f: 'GTC',
    q: f8(order.quantity),
    p: f8(order.price),
    P: f8(order.stopPrice),
    F: f8(null),
    g: order.orderListId,
    C: order.status === 'CANCELED' ? order.clientOrderId : '',
    x: trade !== null ? 'TRADE' : EXECUTION_TYPES[order.status],
    X: order.status,
    r: 'NONE',
    i: order.orderId,
    l: f8(trade?.qty ?? null),
    z: f8(order.executedQty),
    L: f8(trade?.price ?? null),
    n: f8(trade?.commission ?? null),
    N: trade?.commissionAsset ?? null,
    T: order.updateTime,
    t: trade?.id ?? -1,
    I: order.orderId * 2,
    w: working,
    m: trade?.isMaker ?? false,
    M: false,
    O: order.time,
    Z: f8(order.cumQuote),
    Y: f8(trade === null ? null : trade.price.times(trade.qty)),
    Q: f8(null),
    ...(working ? { W: order.workingTime } : {}),
    V: 'EXPIRE_MAKER',
    ...(order.expiryReason === null ? {} : { eR: order.expiryReason }),
  };
}

/** An order list as GET /api/v3/orderList and /openOrderList show it. */
export function orderListJson(list: SimOrderList) {
  return {
    orderListId: list.orderListId,
    contingencyType: 'OCO',
    listStatusType: list.listStatusType,
    listOrderStatus: list.listOrderStatus,
    listClientOrderId: list.listClientOrderId,
    transactionTime: list.transactionTime,
    symbol: list.market.id,
    orders: list.orders.map((o) => ({ symbol: o.market.id, orderId: o.orderId, clientOrderId: o.clientOrderId })),
  };
}

/** The user data stream's listStatus event, sent beside the executionReports of a list's legs. */
export function listStatusEvent(list: SimOrderList, eventTime: number) {
  return {
    e: 'listStatus',
    E: eventTime,
    s: list.market.id,
    g: list.orderListId,
    c: 'OCO',
    l: list.listStatusType,
    L: list.listOrderStatus,
    r: 'NONE',
    C: list.listClientOrderId,
    T: list.updateTime,
    O: list.orders.map((o) => ({ s: o.market.id, i: o.orderId, c: o.clientOrderId })),
  };
}

/**
 * The user data stream's outboundAccountPosition: the absolute free and locked amounts of the
 * assets a change may have moved (not deltas), `u` the time of the account's last update.
 */
export function accountPositionEvent(balances: readonly { asset: string; free: Decimal; locked: Decimal }[], assets: readonly string[], eventTime: number, updateTime: number) {
  const of = (asset: string) => balances.find((b) => b.asset === asset) ?? { asset, free: ZERO, locked: ZERO };
  return { e: 'outboundAccountPosition', E: eventTime, u: updateTime, B: assets.map(of).map((b) => ({ a: b.asset, f: f8(b.free), l: f8(b.locked) })) };
}

export const INTERVAL_MS: Readonly<Record<string, number>> = { '1m': 60_000, '3m': 180_000, '5m': 300_000, '15m': 900_000, '30m': 1_800_000, '1h': 3_600_000, '4h': 14_400_000, '1d': 86_400_000 };

/**
 * A number as Binance writes it, with 8 decimals, exactly as `dec(value).toFixed(8)`: the shortest
 * decimal text of the number padded with zeros where it has at most 8 decimals (the kline stream
 * writes five of these per update, 200 updates a tick in the latency bench), else Decimal's rounding.
 */
export function num(value: number): string {
  const text = String(value);
  const decimals = /^-?\d+(?:\.(\d{1,8}))?$/.exec(text);
  if (decimals === null) return dec(value).toFixed(8);
  const places = decimals[1]?.length ?? 0;
  return `${places === 0 ? `${text}.` : text}${'0'.repeat(8 - places)}`;
}

/** One GET /api/v3/klines row. */
export function klineRow(candle: Candle, interval: string) {
  const close = candle.openTime + (INTERVAL_MS[interval] ?? 60_000) - 1;
  return [candle.openTime, num(candle.open), num(candle.high), num(candle.low), num(candle.close), num(candle.volume), close, num(candle.volume * candle.close), 10, '0', '0', '0'];
}

/** The kline stream event; `x` tells whether this is the candle's final update. */
export function klineEvent(marketId: string, interval: string, candle: Candle, final: boolean, eventTime: number) {
  const close = candle.openTime + (INTERVAL_MS[interval] ?? 60_000) - 1;
  return {
    e: 'kline',
    E: eventTime,
    s: marketId,
    k: { t: candle.openTime, T: close, s: marketId, i: interval, f: 100, L: 200, o: num(candle.open), c: num(candle.close), h: num(candle.high), l: num(candle.low), v: num(candle.volume), n: 10, x: final, q: num(candle.volume * candle.close), V: '0', Q: '0', B: '0' },
  };
}
