import type { Pause } from '../../application/shared/pause-board.js';
import type { CurrencyPair } from '../../domain/currency-pair/currency-pair.entity.js';
import type { DealStatus } from '../../domain/deal/deal-status.js';
import type { Deal } from '../../domain/deal/deal.entity.js';
import type { OrderSide } from '../../domain/order/order.types.js';
import type { Order } from '../../domain/order/order.entity.js';
import { dec } from '../../domain/shared/decimal.js';

/** What the API answers with: decimals as strings, times as epoch milliseconds (docs/api.md). */

export interface DealView {
  readonly id: string;
  readonly pair: string;
  readonly bot: string;
  readonly status: DealStatus;
  readonly createdAt: number;
  readonly closedAt: number | null;
  readonly bought: string;
  readonly averageBuy: string | null;
  readonly sold: string;
  readonly pnl: string | null;
  readonly unrealisedPnl: string | null;
  readonly dust: string | null;
  readonly reason: string | null;
  readonly recovered: boolean;
}

export interface FillView {
  readonly tradeId: string;
  readonly price: string;
  readonly amount: string;
  readonly fee: string;
  readonly feeCurrency: string;
  readonly at: number;
}

export interface OrderView {
  readonly clientOrderId: string;
  readonly side: OrderSide;
  readonly type: string;
  readonly status: string;
  readonly price: string | null;
  readonly amount: string;
  readonly filled: string;
  readonly average: string | null;
  readonly fee: string;
  readonly feeCurrency: string;
  readonly createdAt: number;
  readonly fills: FillView[];
}

export interface PauseView {
  readonly pair: string | null;
  readonly until: number | null;
  readonly reason: string;
}

/**
 * A deal as the operator reads it. A working deal's unrealised PnL is what it has traded
 * (proceeds - costs - fees) plus its unsold amount at `lastPrice`; null when final or unpriced.
 */
export function dealView(deal: Deal, lastPrice: number | null): DealView {
  const priced = !deal.isFinal && lastPrice !== null && Number.isFinite(lastPrice);
  return {
    id: deal.id,
    pair: deal.symbol,
    bot: deal.bot,
    status: deal.status,
    createdAt: deal.createdAt,
    closedAt: deal.closedAt,
    bought: deal.boughtAmount.toString(),
    averageBuy: deal.averagePrice?.toString() ?? null,
    sold: deal.soldAmount.toString(),
    pnl: deal.pnl?.toString() ?? null,
    unrealisedPnl: priced ? deal.tradedPnl.plus(deal.unsoldAmount.times(dec(String(lastPrice)))).toString() : null,
    dust: deal.dust?.toString() ?? null,
    reason: deal.reason,
    recovered: deal.recovered,
  };
}

export function orderView(order: Order, quote: string): OrderView {
  return {
    clientOrderId: order.clientOrderId,
    side: order.side,
    type: order.type,
    status: order.status,
    price: order.price?.toString() ?? null,
    amount: order.amount.toString(),
    filled: order.filled.toString(),
    average: order.average?.toString() ?? null,
    fee: order.fee.toString(),
    feeCurrency: quote,
    createdAt: order.createdAt,
    fills: order.fills.map((f) => ({ tradeId: f.tradeId, price: f.price.toString(), amount: f.amount.toString(), fee: f.fee.toString(), feeCurrency: f.feeCurrency ?? quote, at: f.timestamp })),
  };
}

export function pauseView(pause: Pause | null): PauseView | null {
  return pause === null ? null : { pair: pause.symbol, until: pause.until, reason: pause.reason };
}

/** A pair's settings as the config's `pairs:` writes them. */
export function pairSettings(pair: CurrencyPair): Record<string, unknown> {
  const props = pair.toProps();
  return { symbol: props.symbol, dealQuota: String(props.dealQuota), profitMarkup: String(props.profitMarkup), dealCount: props.dealCount, orderLifeTime: props.orderLifeTime, ...(props.cooldownMinutes !== undefined && { cooldownMinutes: props.cooldownMinutes }), ...(props.exits && { exits: JSON.parse(JSON.stringify(props.exits)) as unknown }) };
}
