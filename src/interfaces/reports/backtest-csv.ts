import type { BacktestResult } from '../../application/backtest/backtest-result.js';
import type { Deal } from '../../domain/deal/deal.entity.js';
import type { Order } from '../../domain/order/order.entity.js';
import { ZERO } from '../../domain/shared/decimal.js';

/** One CSV line; cells with a comma, quote or line break are quoted. */
export function csvLine(cells: readonly (string | number | null)[]): string {
  return cells.map((cell) => (cell === null ? '' : /[",\r\n]/.test(String(cell)) ? `"${String(cell).replaceAll('"', '""')}"` : String(cell))).join(',');
}

const iso = (ms: number | null | undefined): string | null => (ms === null || ms === undefined ? null : new Date(ms).toISOString());

export const DEAL_COLUMNS = [
  'id', 'pair', 'status', 'reason', 'created', 'closed',
  'buy_order_id', 'buy_type', 'buy_price', 'buy_amount', 'buy_filled', 'buy_average', 'buy_fee', 'bought_at',
  'sell_orders', 'sell_order_id', 'sell_type', 'sell_price', 'sell_amount', 'sell_filled', 'sell_average', 'sell_fee', 'sold_at',
  'pnl', 'dust', 'safety_buys',
] as const;

/**
 * Every deal with its orders, money as exact decimal text, times as ISO UTC. The buy columns
 * id, type, price and amount are the (base) buy's; filled, average and fee cover every buy, a
 * DCA deal's safety buys included. The sell columns id, type, price and amount are the last sell
 * order's; filled, average and fee cover every sell attempt (`sell_orders` of them). `bought_at`
 * / `sold_at`: first buy fill, last sell fill. `dust`: what no order could sell at the close.
 * `safety_buys`: a DCA deal's safety buys, each `id price amount filled` (`;` between them).
 * Empty cells where a value does not exist (no sell, no fill, no PnL, no dust, no safety buy).
 */
export function dealsCsv(deals: readonly Deal[]): string {
  const lines = [csvLine(DEAL_COLUMNS)];
  for (const deal of deals) {
    const buy = deal.buyOrder;
    const sells = deal.sellOrders;
    const last = sells.at(-1);
    const soldCost = sells.reduce((sum, o) => sum.plus(o.cost), ZERO);
    const sold = deal.soldAmount;
    const lastFill = sells.flatMap((o) => o.fills).reduce<number | null>((latest, f) => (latest === null || f.timestamp > latest ? f.timestamp : latest), null);
    lines.push(
      csvLine([
        deal.id, deal.symbol, deal.status, deal.reason, iso(deal.createdAt), iso(deal.closedAt),
        ...orderCells(buy), deal.boughtAmount.toString(), deal.averagePrice?.toString() ?? null, deal.buyOrders.reduce((sum, o) => sum.plus(o.fee), ZERO).toString(), iso(buy.fills[0]?.timestamp),
        sells.length, ...(last ? orderCells(last) : [null, null, null, null]),
        last ? sold.toString() : null, sold.gt(0) ? soldCost.div(sold).toString() : null, last ? sells.reduce((sum, o) => sum.plus(o.fee), ZERO).toString() : null, iso(lastFill),
        deal.pnl?.toString() ?? null, deal.dust?.toString() ?? null,
        deal.safetyOrders.map((o) => `${o.id} ${o.price?.toString() ?? 'market'} ${o.amount.toString()} ${o.filled.toString()}`).join(';') || null,
      ]),
    );
  }
  return `${lines.join('\n')}\n`;
}

function orderCells(order: Order): (string | null)[] {
  return [order.id, order.type, order.price?.toString() ?? null, order.amount.toString()];
}

/** Rows per chunk of equity.csv: a few hundred KB of text at a time, never the whole file. */
const CHUNK_ROWS = 4096;

/**
 * The equity curve, starting with the starting equity at the start time, then one row per
 * tick (close time): exactly the points the metrics use. Equity is in the quote currency.
 * In chunks of text, read straight from the curve's columns, so a million-row file is
 * streamed without a million objects or one huge string.
 */
export function* equityCsvChunks(result: BacktestResult): Generator<string> {
  yield `${csvLine(['time', 'timestamp_ms', `equity_${result.quote.toLowerCase()}`])}\n${csvLine([iso(result.startTime), result.startTime, result.startingEquity.toString()])}\n`;
  const { times, equities, length } = result.equity;
  for (let from = 0; from < length; from += CHUNK_ROWS) {
    let chunk = '';
    const to = Math.min(length, from + CHUNK_ROWS);
    // numbers and ISO times never need quoting: the row is written as csvLine would write it
    for (let i = from; i < to; i += 1) chunk += `${new Date(times[i]!).toISOString()},${times[i]!},${equities[i]!}\n`;
    yield chunk;
  }
}

/** equity.csv as one string (see equityCsvChunks). */
export function equityCsv(result: BacktestResult): string {
  return [...equityCsvChunks(result)].join('');
}
