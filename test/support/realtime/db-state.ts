import { dec, ZERO, type Decimal } from '../../../src/domain/shared/decimal.js';
import { openDatabase } from '../../../src/infrastructure/persistence/sql/index.js';
import type { BinanceSim, SimOrder, SimTrade } from '../binance-sim/binance-sim.js';

/** The rows dealbot keeps, read straight from its tables (decimals as exact text). */
export interface DbState {
  readonly deals: readonly { id: string; symbol: string; status: string; pnl: string | null; reason: string | null; dust: string | null }[];
  readonly orders: readonly { client_order_id: string; deal_id: string; position: number; exchange_order_id: string | null; symbol: string; side: string; status: string; price: string | null; amount: string; reason: string | null }[];
  readonly fills: readonly { client_order_id: string; trade_id: string; price: string; amount: string; fee: string; fee_currency: string | null; fee_quote: string | null }[];
}

/** Reads deals, orders and fills of the database at `url` (SQLite file or PostgreSQL with ?schema=). */
export async function readDbState(url: string): Promise<DbState> {
  const database = await openDatabase(url);
  try {
    const { db } = database;
    const deals = await db.selectFrom('deals').select(['id', 'symbol', 'status', 'pnl', 'reason', 'dust']).orderBy('id').execute();
    const orders = await db
      .selectFrom('orders')
      .select(['client_order_id', 'deal_id', 'position', 'exchange_order_id', 'symbol', 'side', 'status', 'price', 'amount', 'reason'])
      .orderBy('client_order_id')
      .execute();
    const fills = await db.selectFrom('fills').select(['client_order_id', 'trade_id', 'price', 'amount', 'fee', 'fee_currency', 'fee_quote']).orderBy('client_order_id').orderBy('trade_id').execute();
    return { deals, orders, fills };
  } finally {
    await database.close();
  }
}

/** dealbot's name for the server's order status. */
export function localStatus(order: Pick<SimOrder, 'status'>): string {
  return order.status === 'FILLED' ? 'closed' : order.status === 'CANCELED' ? 'canceled' : order.status === 'EXPIRED' ? 'expired' : 'open';
}

/** An order as the bot knows it on the server: a plain order, or an OCO list as ONE order under its list id, with both legs' trades. */
export interface ServerOrder extends Pick<SimOrder, 'clientOrderId' | 'side' | 'status' | 'quantity' | 'executedQty'> {
  /** The exchange id the bot stores: the order id, or `oco:<orderListId>`. */
  readonly exchangeId: string;
  readonly trades: readonly SimTrade[];
}

/** The server's orders as ServerOrders: plain ones, then each list (filled when a leg filled, NEW while one works). */
export function serverOrders(sim: BinanceSim): ServerOrder[] {
  const out: ServerOrder[] = sim.orders().filter((o) => o.orderListId === -1).map((o) => ({ ...o, exchangeId: String(o.orderId) }));
  for (const list of sim.orderLists()) {
    const legs = list.orders;
    const status = legs.some((o) => o.status === 'FILLED') ? 'FILLED' : legs.some((o) => o.status === 'NEW') ? 'NEW' : legs.some((o) => o.status === 'CANCELED') ? 'CANCELED' : 'EXPIRED';
    const executedQty = legs.reduce((sum, o) => sum.plus(o.executedQty), ZERO);
    out.push({ clientOrderId: list.listClientOrderId, exchangeId: `oco:${list.orderListId}`, side: legs[0]!.side, status, quantity: legs[0]!.quantity, executedQty, trades: legs.flatMap((o) => o.trades) });
  }
  return out;
}

/** The numbers that must agree between a decimal text in the database and one on the server. */
export const same = (a: string | Decimal, b: string | Decimal): boolean => dec(a.toString()).eq(dec(b.toString()));

/**
 * Everything that must hold between the server and the database after any number of crashes,
 * as a list of violations (empty: all good):
 * (an OCO list counts as one order under its list id, see serverOrders)
 * - no client order id placed twice on the server, at most one buy per deal, never more sold (or
 *   offered for sale on the server) than bought;
 * - every server order with the bot's prefix has a row with the server's status and exchange id;
 * - a row the server does not have never reached it: rejected or canceled, nothing filled;
 * - every server trade is a fill row exactly once, with its price, amount and fee; no other fill rows;
 * - every deal agrees with its orders (closed: sold what it bought, PnL exact; cancelled: bought
 *   nothing; pending: its buy works; open: bought, a sell works or is to be placed);
 * - with `settled`, no order is left `new` or `unknown` and no final deal has a working order.
 */
export function crashInvariantViolations(sim: BinanceSim, state: DbState, options: { readonly prefix: string; readonly settled: boolean }): string[] {
  const problems: string[] = [];
  const simOrders = serverOrders(sim);
  const byCid = new Map<string, ServerOrder>();
  for (const o of simOrders) {
    if (byCid.has(o.clientOrderId)) problems.push(`client order id ${o.clientOrderId} is on the server twice`);
    byCid.set(o.clientOrderId, o);
  }
  const rows = new Map(state.orders.map((o) => [o.client_order_id, o]));
  for (const o of simOrders) {
    if (!o.clientOrderId.startsWith(options.prefix)) continue;
    const row = rows.get(o.clientOrderId);
    if (row === undefined) {
      problems.push(`server order ${o.clientOrderId} (${o.status}) has no row`);
      continue;
    }
    if (row.status !== localStatus(o)) problems.push(`order ${o.clientOrderId}: row says ${row.status}, the server ${o.status}`);
    if (row.exchange_order_id !== null && row.exchange_order_id !== o.exchangeId) problems.push(`order ${o.clientOrderId}: exchange id ${row.exchange_order_id}, the server's ${o.exchangeId}`);
  }
  for (const row of state.orders) {
    if (byCid.has(row.client_order_id)) continue;
    const pending = row.status === 'new' || row.status === 'unknown';
    if (row.status !== 'rejected' && row.status !== 'canceled' && !(pending && !options.settled)) {
      problems.push(`order ${row.client_order_id} is ${row.status} but the server never had it`);
    }
    if (state.fills.some((f) => f.client_order_id === row.client_order_id)) problems.push(`order ${row.client_order_id} has fills but the server never had it`);
  }
  if (options.settled) {
    for (const row of state.orders) if (row.status === 'new' || row.status === 'unknown') problems.push(`order ${row.client_order_id} is still ${row.status}`);
  }

  const fillKey = (cid: string, tradeId: string | number) => `${cid}#${tradeId}`;
  const fillRows = new Map<string, DbState['fills'][number]>();
  for (const f of state.fills) {
    const key = fillKey(f.client_order_id, f.trade_id);
    if (fillRows.has(key)) problems.push(`fill ${key} is stored twice`);
    fillRows.set(key, f);
  }
  const trades = new Set<string>();
  for (const o of simOrders) {
    for (const t of o.trades) {
      const key = fillKey(o.clientOrderId, t.id);
      trades.add(key);
      const f = fillRows.get(key);
      if (f === undefined) problems.push(`trade ${key} of the server is not stored`);
      else if (!same(f.price, t.price) || !same(f.amount, t.qty) || !same(f.fee, t.commission)) problems.push(`fill ${key} differs from the server's trade`);
    }
  }
  for (const key of fillRows.keys()) if (!trades.has(key)) problems.push(`fill ${key} is not a trade of the server`);

  for (const deal of state.deals) problems.push(...dealViolations(deal, state, byCid, options.settled));
  return problems;
}

function dealViolations(deal: DbState['deals'][number], state: DbState, byCid: ReadonlyMap<string, ServerOrder>, settled: boolean): string[] {
  const problems: string[] = [];
  const orders = state.orders.filter((o) => o.deal_id === deal.id).sort((a, b) => a.position - b.position);
  const buys = orders.filter((o) => o.side === 'buy');
  const sells = orders.filter((o) => o.side === 'sell');
  const filled = (cid: string): Decimal => state.fills.filter((f) => f.client_order_id === cid).reduce((s, f) => s.plus(dec(f.amount)), ZERO);
  const cost = (cid: string): Decimal => state.fills.filter((f) => f.client_order_id === cid).reduce((s, f) => s.plus(dec(f.price).times(dec(f.amount))), ZERO);
  const [base, quote] = deal.symbol.split('/') as [string, string];
  const ofOrder = (cid: string) => state.fills.filter((f) => f.client_order_id === cid);
  // fees that cost quote value: quote fees and third-currency fees at their quote value (a base fee shrinks what is held instead)
  const fees = (cid: string): Decimal => ofOrder(cid).reduce((s, f) => (f.fee_currency === null || f.fee_currency === quote ? s.plus(dec(f.fee)) : f.fee_currency === base ? s : s.plus(dec(f.fee_quote ?? '0'))), ZERO);
  const baseFees = (cid: string): Decimal => ofOrder(cid).reduce((s, f) => (f.fee_currency === base ? s.plus(dec(f.fee)) : s), ZERO);
  if (buys.length !== 1) return [`deal ${deal.id} has ${buys.length} buy orders`];
  const buy = buys[0]!;
  const bought = filled(buy.client_order_id);
  const sold = sells.reduce((s, o) => s.plus(filled(o.client_order_id)), ZERO);
  if (sold.gt(bought)) problems.push(`deal ${deal.id} sold ${sold.toString()} of ${bought.toString()} bought`);
  const onServer = [...byCid.values()].filter((o) => o.clientOrderId.includes(`${deal.id}-`));
  const onServerBuys = onServer.filter((o) => o.side === 'BUY');
  if (onServerBuys.length > 1) problems.push(`deal ${deal.id} has ${onServerBuys.length} buys on the server`);
  // Sells resting or filled on the server never add up to more than the server says was bought.
  const serverBought = onServerBuys.reduce((s, o) => s.plus(o.executedQty), ZERO);
  const serverSelling = onServer.filter((o) => o.side === 'SELL' && o.status !== 'CANCELED').reduce((s, o) => s.plus(o.quantity), ZERO);
  if (serverSelling.gt(serverBought)) problems.push(`deal ${deal.id} sells ${serverSelling.toString()} on the server of ${serverBought.toString()} bought`);
  const working = (o: DbState['orders'][number]) => ['new', 'open', 'partially_filled', 'unknown'].includes(o.status);
  switch (deal.status) {
    case 'closed': {
      const received = orders.reduce((s, o) => s.minus(baseFees(o.client_order_id)), bought);
      const dust = dec(deal.dust ?? '0');
      if (!sold.plus(dust).eq(received) || bought.eq(0)) problems.push(`closed deal ${deal.id} received ${received.toString()} and sold ${sold.toString()} with dust ${dust.toString()}`);
      const pnl = sells.reduce((s, o) => s.plus(cost(o.client_order_id)).minus(fees(o.client_order_id)), ZERO).minus(cost(buy.client_order_id)).minus(fees(buy.client_order_id));
      if (deal.pnl === null || !same(deal.pnl, pnl)) problems.push(`closed deal ${deal.id}: PnL ${deal.pnl} but its fills make ${pnl.toString()}`);
      break;
    }
    case 'cancelled':
      if (!bought.eq(0) || sells.length > 0) problems.push(`cancelled deal ${deal.id} bought ${bought.toString()} and has ${sells.length} sells`);
      break;
    case 'pending':
      if (!working(buy)) problems.push(`pending deal ${deal.id} has a ${buy.status} buy`);
      if (sells.length > 0) problems.push(`pending deal ${deal.id} has sells`);
      break;
    case 'open':
    case 'closing':
      if (bought.eq(0) || (buy.status !== 'closed' && buy.status !== 'canceled' && buy.status !== 'expired')) problems.push(`${deal.status} deal ${deal.id} has a ${buy.status} buy with ${bought.toString()} filled`);
      if (settled && !sells.some(working)) problems.push(`${deal.status} deal ${deal.id} has no working sell`);
      break;
    default:
      problems.push(`deal ${deal.id} has the unknown status ${deal.status}`);
  }
  if ((deal.status === 'closed' || deal.status === 'cancelled') && settled) {
    for (const o of orders) if (working(o) || byCid.get(o.client_order_id)?.status === 'NEW') problems.push(`final deal ${deal.id} still has the working order ${o.client_order_id}`);
  }
  return problems;
}

/**
 * The server's quote balance (free + locked) against the database: the starting amount plus
 * what the stored fills moved (sells add proceeds, buys take their cost, fees paid in quote are taken).
 */
export function quoteFromFills(state: DbState, start: Decimal, quote: string): Decimal {
  let total = start;
  const side = new Map(state.orders.map((o) => [o.client_order_id, o]));
  for (const f of state.fills) {
    const order = side.get(f.client_order_id);
    if (order === undefined || !order.symbol.endsWith(`/${quote}`)) continue;
    const value = dec(f.price).times(dec(f.amount));
    const fee = f.fee_currency === null || f.fee_currency === quote ? dec(f.fee) : ZERO;
    total = order.side === 'sell' ? total.plus(value).minus(fee) : total.minus(value).minus(fee);
  }
  return total;
}
