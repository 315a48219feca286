import { DEFAULT_BOT } from '../bot/bot-name.js';
import { dec } from '../shared/decimal.js';
import { Order } from '../order/order.entity.js';
import { orderStateFromSnapshot, type OrderSnapshot } from '../order/order.snapshot.js';
import { Deal } from './deal.entity.js';
import type { DealStatus } from './deal-status.js';

/** Plain, serialisable form of a deal with its orders: decimals as exact text. */
export interface DealSnapshot {
  readonly id: string;
  readonly symbol: string;
  readonly status: DealStatus;
  readonly orders: readonly OrderSnapshot[];
  readonly createdAt: number;
  readonly closedAt: number | null;
  readonly pnl: string | null;
  readonly reason: string | null;
  /** Present once a trailing stop is active: the highest price seen since, exact text. */
  readonly highWaterMark?: string | null;
  /** Present (true) only on a deal adopted from the exchange at start-up. */
  readonly recovered?: true;
  /** Present on a deal closed with an unsellable remainder: that amount, exact text. */
  readonly dust?: string | null;
  /** Present on a DCA deal once its take profit was placed: what its ended buys had bought then, exact text. */
  readonly takeProfitBasis?: string | null;
  /** Present for a bot other than the default: its name. */
  readonly bot?: string;
}

export function dealToSnapshot(deal: Deal): DealSnapshot {
  return {
    id: deal.id,
    symbol: deal.symbol,
    status: deal.status,
    orders: deal.orders.map((o) => o.toSnapshot()),
    createdAt: deal.createdAt,
    closedAt: deal.closedAt,
    pnl: deal.pnl?.toString() ?? null,
    reason: deal.reason,
    ...(deal.highWaterMark === null ? {} : { highWaterMark: deal.highWaterMark.toString() }),
    ...(deal.recovered ? { recovered: true as const } : {}),
    ...(deal.dust === null ? {} : { dust: deal.dust.toString() }),
    ...(deal.takeProfitBasis === null ? {} : { takeProfitBasis: deal.takeProfitBasis.toString() }),
    ...(deal.bot === DEFAULT_BOT ? {} : { bot: deal.bot }),
  };
}

export function dealFromSnapshot(s: DealSnapshot): Deal {
  return Deal.restore({
    ...s,
    orders: s.orders.map((o) => Order.restore(orderStateFromSnapshot(o))),
    pnl: s.pnl === null ? null : dec(s.pnl),
    highWaterMark: s.highWaterMark === undefined || s.highWaterMark === null ? null : dec(s.highWaterMark),
    recovered: s.recovered === true,
    dust: s.dust === undefined || s.dust === null ? null : dec(s.dust),
    takeProfitBasis: s.takeProfitBasis === undefined || s.takeProfitBasis === null ? null : dec(s.takeProfitBasis),
  });
}
