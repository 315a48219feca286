import { formatUtc } from '../../infrastructure/shared/utc-time.js';
import { renderTable } from './text-table.js';

/** The API's answers (docs/api.md, "Routes") as the CLI prints them for people. */

export interface DealView {
  readonly id: string;
  readonly pair: string;
  /** Absent from a bot older than bots. */
  readonly bot?: string;
  readonly status: string;
  readonly createdAt: number;
  readonly closedAt: number | null;
  readonly bought: string;
  readonly averageBuy: string | null;
  readonly sold: string;
  readonly pnl: string | null;
  readonly unrealisedPnl?: string | null;
  readonly dust: string | null;
  readonly reason: string | null;
  readonly recovered?: boolean;
  readonly orders?: readonly OrderView[];
}

export interface OrderView {
  readonly clientOrderId: string;
  readonly side: string;
  readonly type: string;
  readonly status: string;
  readonly price: string | null;
  readonly amount: string;
  readonly filled: string;
  readonly average: string | null;
  readonly fee: string | null;
  readonly feeCurrency: string | null;
  readonly createdAt: number;
  readonly fills?: readonly { readonly tradeId: string; readonly price: string; readonly amount: string; readonly fee: string | null; readonly feeCurrency: string | null; readonly at: number }[];
}

export interface Pause {
  readonly pair: string | null;
  readonly until: number | null;
  readonly reason: string | null;
}

export interface PairView {
  readonly symbol: string;
  /** Absent from a bot older than bots. */
  readonly bot?: string;
  readonly dealQuota: string;
  readonly profitMarkup: string;
  readonly dealCount: number;
  readonly orderLifeTime: number;
  readonly paused?: Pause | null;
  readonly workingDeals?: number;
  readonly lastPrice?: string | null;
  readonly source?: string;
}

export interface Balance {
  readonly currency: string;
  readonly free: string;
  readonly used: string;
  readonly total: string;
}

export interface PairStatus {
  readonly pair: string;
  readonly lastCandle?: { readonly openTime?: number; readonly close?: string } | null;
  readonly indicators?: { readonly rsi?: string | number | null; readonly histogram?: string | number | null } | null;
  readonly workingDeals: number;
  readonly paused: Pause | null;
}

export interface StatusView {
  readonly mode: string;
  readonly exchange: string;
  readonly timeframe: string;
  readonly startedAt: number;
  readonly uptimeSeconds: number;
  readonly ticks: number;
  readonly pairs: readonly PairStatus[];
  readonly openDeals: number;
  readonly blocks: readonly string[];
}

const time = (ms: number | null | undefined): string => (ms === null || ms === undefined ? '-' : formatUtc(ms));
const text = (value: string | number | null | undefined): string => (value === null || value === undefined ? '-' : String(value));

export function dealsTable(deals: readonly DealView[]): string {
  if (deals.length === 0) return 'no deals';
  return renderTable(
    ['deal', 'bot', 'pair', 'status', 'opened', 'closed', 'bought', 'avg buy', 'sold', 'dust', 'PnL', 'reason'],
    deals.map((d) => [d.id, d.bot ?? 'default', d.pair, d.status, time(d.createdAt), time(d.closedAt), d.bought, text(d.averageBuy), d.sold, text(d.dust), pnlText(d), d.reason ?? '']),
  );
}

/** A final deal's PnL; a working one's unrealised PnL (at the last price) marked with `~`. */
function pnlText(deal: DealView): string {
  if (deal.pnl !== null) return deal.pnl;
  return deal.unrealisedPnl === null || deal.unrealisedPnl === undefined ? '-' : `~${deal.unrealisedPnl}`;
}

/** One deal, then its orders, then every fill. */
export function dealDetail(deal: DealView): string {
  const orders = deal.orders ?? [];
  const parts = [dealsTable([deal])];
  if (orders.length > 0) {
    parts.push(renderTable(['order', 'side', 'type', 'status', 'price', 'amount', 'filled', 'average', 'fee', 'placed'], orders.map((o) => [o.clientOrderId, o.side, o.type, o.status, text(o.price), o.amount, o.filled, text(o.average), o.fee === null ? '-' : `${o.fee} ${o.feeCurrency ?? ''}`.trim(), time(o.createdAt)])));
    const fills = orders.flatMap((o) => (o.fills ?? []).map((f) => [o.clientOrderId, f.tradeId, f.price, f.amount, f.fee === null ? '-' : `${f.fee} ${f.feeCurrency ?? ''}`.trim(), time(f.at)]));
    if (fills.length > 0) parts.push(renderTable(['order', 'trade', 'price', 'amount', 'fee', 'at'], fills));
  }
  return parts.join('\n\n');
}

export function pauseText(pause: Pause | null | undefined): string {
  if (!pause) return '-';
  const until = pause.until === null ? 'until resumed' : `until ${formatUtc(pause.until)}`;
  return `${until}${pause.reason ? ` (${pause.reason})` : ''}`;
}

export function pairsTable(pairs: readonly PairView[]): string {
  if (pairs.length === 0) return 'no pairs';
  return renderTable(
    ['pair', 'bot', 'deal quota', 'markup', 'deals', 'order life s', 'working', 'last price', 'paused', 'source'],
    pairs.map((p) => [p.symbol, p.bot ?? 'default', p.dealQuota, p.profitMarkup, String(p.dealCount), String(p.orderLifeTime), text(p.workingDeals), text(p.lastPrice), pauseText(p.paused), p.source ?? '-']),
  );
}

export function balancesTable(balances: readonly Balance[]): string {
  if (balances.length === 0) return 'no balances';
  return renderTable(['currency', 'free', 'used', 'total'], balances.map((b) => [b.currency, b.free, b.used, b.total]));
}

export function statusText(status: StatusView): string {
  const head = [
    `${status.mode} mode, exchange ${status.exchange}, ${status.timeframe} candles, up ${duration(status.uptimeSeconds)} since ${formatUtc(status.startedAt)} UTC, ${status.ticks} ticks, ${status.openDeals} open deals`,
    ...status.blocks.map((b) => `blocked: ${b}`),
  ];
  const pairs = renderTable(
    ['pair', 'last candle', 'close', 'RSI', 'MACD hist', 'working', 'paused'],
    status.pairs.map((p) => [p.pair, time(p.lastCandle?.openTime), text(p.lastCandle?.close), indicator(p.indicators?.rsi, 2), indicator(p.indicators?.histogram, 6), String(p.workingDeals), pauseText(p.paused)]),
  );
  return `${head.join('\n')}\n\n${pairs}`;
}

/** An indicator (a float, not money) rounded for reading: RSI to 2 places, MACD to 6 significant digits. */
function indicator(value: string | number | null | undefined, digits: number): string {
  const n = value === null || value === undefined ? NaN : Number(value);
  if (!Number.isFinite(n)) return '-';
  return digits === 2 ? n.toFixed(2) : String(Number(n.toPrecision(digits)));
}

function duration(seconds: number): string {
  const s = Math.floor(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`;
  return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
}
