import type { Selectable } from 'kysely';
import { DEFAULT_BOT } from '../../../domain/bot/bot-name.js';
import { DEAL_STATUSES, type DealStatus } from '../../../domain/deal/deal-status.js';
import type { DealSnapshot } from '../../../domain/deal/deal.snapshot.js';
import { ORDER_STATUSES, type OrderStatus } from '../../../domain/order/order-status.js';
import type { OrderSnapshot } from '../../../domain/order/order.snapshot.js';
import type { OrderSide, OrderType } from '../../../domain/order/order.types.js';
import type { Candle } from '../../../domain/shared/candle.js';
import type { CandlesTable, DealsTable, FillsTable, OrdersTable } from './schema.js';

export type DealRow = Selectable<DealsTable>;
export type OrderRow = Selectable<OrdersTable>;
export type FillRow = Selectable<FillsTable>;

/** Maps between domain snapshots and rows; the only place that knows both shapes. */
export function dealToRow(s: DealSnapshot): DealRow {
  return { id: s.id, symbol: s.symbol, status: s.status, created_at: s.createdAt, closed_at: s.closedAt, pnl: s.pnl, reason: s.reason, high_water_mark: s.highWaterMark ?? null, recovered: s.recovered ? 1 : 0, dust: s.dust ?? null, take_profit_basis: s.takeProfitBasis ?? null, bot: s.bot ?? DEFAULT_BOT };
}

export function dealFromRows(row: DealRow, orders: readonly OrderSnapshot[]): DealSnapshot {
  return {
    id: row.id,
    symbol: row.symbol,
    status: oneOf<DealStatus>(DEAL_STATUSES, row.status, `deal ${row.id} status`),
    orders,
    createdAt: row.created_at,
    closedAt: row.closed_at,
    pnl: row.pnl,
    reason: row.reason,
    ...(row.high_water_mark === null ? {} : { highWaterMark: row.high_water_mark }),
    ...(Number(row.recovered) === 1 ? { recovered: true as const } : {}),
    ...(row.dust === null || row.dust === undefined ? {} : { dust: row.dust }),
    ...(row.take_profit_basis === null || row.take_profit_basis === undefined ? {} : { takeProfitBasis: row.take_profit_basis }),
    ...(row.bot === undefined || row.bot === DEFAULT_BOT ? {} : { bot: row.bot }),
  };
}

export function orderToRow(s: OrderSnapshot, position: number): OrderRow {
  return {
    client_order_id: s.clientOrderId,
    deal_id: s.dealId,
    position,
    exchange_order_id: s.exchangeOrderId,
    symbol: s.symbol,
    side: s.side,
    type: s.type,
    status: s.status,
    price: s.price,
    amount: s.amount,
    stop_price: s.stopPrice ?? null,
    reason: s.reason,
    created_at: s.createdAt,
    updated_at: s.updatedAt,
  };
}

export function fillsToRows(s: OrderSnapshot): FillRow[] {
  return s.fills.map((f, position) => ({
    client_order_id: s.clientOrderId,
    trade_id: f.tradeId,
    position,
    price: f.price,
    amount: f.amount,
    fee: f.fee,
    fee_currency: f.feeCurrency ?? null,
    fee_quote: f.feeQuote ?? null,
    traded_at: f.timestamp,
  }));
}

/** `fills` must be this order's, in position order. */
export function orderFromRows(row: OrderRow, fills: readonly FillRow[]): OrderSnapshot {
  return {
    clientOrderId: row.client_order_id,
    dealId: row.deal_id,
    symbol: row.symbol,
    side: oneOf<OrderSide>(['buy', 'sell'], row.side, `order ${row.client_order_id} side`),
    type: oneOf<OrderType>(['limit', 'market'], row.type, `order ${row.client_order_id} type`),
    price: row.price,
    amount: row.amount,
    ...(row.stop_price === null ? {} : { stopPrice: row.stop_price }),
    status: oneOf<OrderStatus>(ORDER_STATUSES, row.status, `order ${row.client_order_id} status`),
    exchangeOrderId: row.exchange_order_id,
    fills: fills.map((f) => ({ tradeId: f.trade_id, price: f.price, amount: f.amount, fee: f.fee, ...(f.fee_currency !== null && { feeCurrency: f.fee_currency }), ...(f.fee_quote !== null && { feeQuote: f.fee_quote }), timestamp: f.traded_at })),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    reason: row.reason,
  };
}

export function candleToRow(symbol: string, timeframe: string, c: Candle): Selectable<CandlesTable> {
  return { symbol, timeframe, open_time: c.openTime, open: c.open, high: c.high, low: c.low, close: c.close, volume: c.volume };
}

export function candleFromRow(row: Selectable<CandlesTable>): Candle {
  return { openTime: row.open_time, open: row.open, high: row.high, low: row.low, close: row.close, volume: row.volume };
}

/** Groups rows by a key, keeping their order. */
export function groupBy<R>(rows: readonly R[], key: (row: R) => string): Map<string, R[]> {
  const groups = new Map<string, R[]>();
  for (const row of rows) {
    const k = key(row);
    const group = groups.get(k);
    if (group) group.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}

/** Splits rows into batches that stay under every database's limit on bound parameters. */
export function* chunks<R>(rows: readonly R[], size = 500): Generator<R[]> {
  for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
}

function oneOf<T extends string>(allowed: readonly string[], value: string, what: string): T {
  if (!allowed.includes(value)) throw new Error(`${what} "${value}" is not one dealbot knows`);
  return value as T;
}
