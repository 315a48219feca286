import type { Expression, ExpressionBuilder, Kysely, SqlBool } from 'kysely';
import type { Deal } from '../../../domain/deal/deal.entity.js';
import { DEAL_STATUSES, isFinalDealStatus, type DealStatus } from '../../../domain/deal/deal-status.js';
import { dealFromSnapshot, dealToSnapshot } from '../../../domain/deal/deal.snapshot.js';
import { Order } from '../../../domain/order/order.entity.js';
import { isFinalOrderStatus, ORDER_STATUSES, type OrderStatus } from '../../../domain/order/order-status.js';
import { orderStateFromSnapshot, type OrderSnapshot } from '../../../domain/order/order.snapshot.js';
import type { DealPageQuery, DealsRepository, DealTally, OrdersRepository } from '../../../domain/ports/repositories.port.js';
import { ZERO, type Decimal } from '../../../domain/shared/decimal.js';
import type { DealbotSchema } from './schema.js';
import { chunks, dealFromRows, dealToRow, fillsToRows, groupBy, orderFromRows, orderToRow, type FillRow, type OrderRow } from './sql.rows.js';

type Db = Kysely<DealbotSchema>;
type DealFilter = (eb: ExpressionBuilder<DealbotSchema, 'deals'>) => Expression<SqlBool>;
type OrderFilter = (eb: ExpressionBuilder<DealbotSchema, 'orders'>) => Expression<SqlBool>;

// Listed, not negated, so the status indexes serve the query however long the history.
const OPEN_DEAL_STATUSES = DEAL_STATUSES.filter((s) => !isFinalDealStatus(s));
const NON_FINAL_ORDER_STATUSES = ORDER_STATUSES.filter((s) => !isFinalOrderStatus(s));

export class SqlDealsRepository implements DealsRepository {
  constructor(private readonly db: Db) {}

  /** Upserts the deal and its orders (with their place in the deal); adds fills not stored yet. */
  async save(deal: Deal): Promise<void> {
    const snapshot = dealToSnapshot(deal);
    await this.db
      .insertInto('deals')
      .values(dealToRow(snapshot))
      .onConflict((oc) =>
        oc.column('id').doUpdateSet((eb) => ({
          status: eb.ref('excluded.status'),
          closed_at: eb.ref('excluded.closed_at'),
          pnl: eb.ref('excluded.pnl'),
          reason: eb.ref('excluded.reason'),
          high_water_mark: eb.ref('excluded.high_water_mark'),
          recovered: eb.ref('excluded.recovered'),
          dust: eb.ref('excluded.dust'),
          take_profit_basis: eb.ref('excluded.take_profit_basis'),
          bot: eb.ref('excluded.bot'),
        })),
      )
      .execute();
    await writeOrders(this.db, snapshot.orders.map((o, position) => orderToRow(o, position)), snapshot.orders);
  }

  async getById(id: string): Promise<Deal | null> {
    return (await this.#read((eb) => eb('id', '=', id)))[0] ?? null;
  }

  async getOpenDeals(symbol?: string): Promise<Deal[]> {
    return this.#read((eb) => eb.and([eb('status', 'in', OPEN_DEAL_STATUSES), ...(symbol === undefined ? [] : [eb('symbol', '=', symbol)])]));
  }

  async getAll(symbol?: string): Promise<Deal[]> {
    return this.#read((eb) => (symbol === undefined ? eb.lit(true) : eb('symbol', '=', symbol)));
  }

  /** The page's deals by the indexes, then the orders and fills of those deals only. */
  async page(q: DealPageQuery): Promise<Deal[]> {
    const after = q.after;
    const filter: DealFilter = (eb) =>
      eb.and([
        ...(q.symbol === undefined ? [] : [eb('symbol', '=', q.symbol)]),
        ...(q.bot === undefined ? [] : [eb('bot', '=', q.bot)]),
        ...(q.status === undefined ? [] : [eb('status', '=', q.status)]),
        ...(q.from === undefined ? [] : [eb('created_at', '>=', q.from)]),
        ...(q.to === undefined ? [] : [eb('created_at', '<', q.to)]),
        ...(after === undefined ? [] : [eb.or([eb('created_at', '>', after.createdAt), eb.and([eb('created_at', '=', after.createdAt), eb('id', '>', after.id)])])]),
      ]);
    const rows = await this.db.selectFrom('deals').selectAll().where(filter).orderBy('created_at').orderBy('id').limit(q.limit).execute();
    if (rows.length === 0) return [];
    const ids = rows.map((row) => row.id);
    const orders = groupBy(await readOrders(this.db, (eb) => eb('deal_id', 'in', ids)), (o) => o.dealId);
    return rows.map((row) => dealFromSnapshot(dealFromRows(row, orders.get(row.id) ?? [])));
  }

  /** Counts by the database; the closed deals' PnL summed here, exactly, from their stored text. */
  async tally(): Promise<DealTally> {
    const counts = await this.db.selectFrom('deals').select(['symbol', 'status', (eb) => eb.fn.countAll<number | string | bigint>().as('count')]).groupBy(['symbol', 'status']).orderBy('symbol').orderBy('status').execute();
    const pnl = new Map<string, Decimal>();
    for (const row of await this.db.selectFrom('deals').select(['symbol', 'pnl']).where('status', '=', 'closed').execute()) {
      if (row.pnl !== null) pnl.set(row.symbol, (pnl.get(row.symbol) ?? ZERO).plus(row.pnl));
    }
    const orders = await this.db.selectFrom('orders').select(['status', (eb) => eb.fn.countAll<number | string | bigint>().as('count')]).groupBy('status').orderBy('status').execute();
    return {
      deals: counts.map((row) => ({ symbol: row.symbol, status: row.status as DealStatus, count: Number(row.count), pnl: row.status === 'closed' ? (pnl.get(row.symbol) ?? ZERO) : null })),
      orders: orders.map((row) => ({ status: row.status as OrderStatus, count: Number(row.count) })),
    };
  }

  async lastEnded(): Promise<ReadonlyMap<string, number>> {
    const rows = await this.db
      .selectFrom('deals')
      .select(['symbol', (eb) => eb.fn.max('closed_at').as('ended')])
      .where('closed_at', 'is not', null)
      .groupBy('symbol')
      .execute();
    return new Map(rows.map((row) => [row.symbol, Number(row.ended)]));
  }

  /** Three queries whatever the number of deals: the deals, their orders, their fills. */
  async #read(filter: DealFilter): Promise<Deal[]> {
    const rows = await this.db.selectFrom('deals').selectAll().where(filter).orderBy('created_at').orderBy('id').execute();
    if (rows.length === 0) return [];
    const orders = groupBy(await readOrders(this.db, (eb) => eb('deal_id', 'in', eb.selectFrom('deals').select('id').where(filter))), (o) => o.dealId);
    return rows.map((row) => dealFromSnapshot(dealFromRows(row, orders.get(row.id) ?? [])));
  }
}

export class SqlOrdersRepository implements OrdersRepository {
  constructor(private readonly db: Db) {}

  /** Upserts the order and adds its new fills; its deal must be saved. A new order goes last in its deal. */
  async save(order: Order): Promise<void> {
    const deal = await this.db.selectFrom('deals').select('id').where('id', '=', order.dealId).executeTakeFirst();
    if (!deal) throw new Error(`order ${order.id}: deal ${order.dealId} is not saved`);
    const stored = await this.db.selectFrom('orders').select('position').where('client_order_id', '=', order.id).executeTakeFirst();
    let position = stored?.position;
    if (position === undefined) {
      const last = await this.db
        .selectFrom('orders')
        .select((eb) => eb.fn.max('position').as('position'))
        .where('deal_id', '=', order.dealId)
        .executeTakeFirst();
      position = last?.position == null ? 0 : Number(last.position) + 1;
    }
    const snapshot = order.toSnapshot();
    await writeOrders(this.db, [orderToRow(snapshot, position)], [snapshot]);
  }

  async getById(clientOrderId: string): Promise<Order | null> {
    const [snapshot] = await readOrders(this.db, (eb) => eb('client_order_id', '=', clientOrderId));
    return snapshot ? restore(snapshot) : null;
  }

  async getAllByDeal(dealId: string): Promise<Order[]> {
    return (await readOrders(this.db, (eb) => eb('deal_id', '=', dealId))).map(restore);
  }

  async getNonFinal(): Promise<Order[]> {
    const snapshots = await readOrders(this.db, (eb) => eb('status', 'in', NON_FINAL_ORDER_STATUSES));
    return snapshots.sort((a, b) => a.createdAt - b.createdAt || (a.clientOrderId < b.clientOrderId ? -1 : a.clientOrderId > b.clientOrderId ? 1 : 0)).map(restore);
  }
}

function restore(snapshot: OrderSnapshot): Order {
  return Order.restore(orderStateFromSnapshot(snapshot));
}

async function writeOrders(db: Db, rows: readonly OrderRow[], snapshots: readonly OrderSnapshot[]): Promise<void> {
  for (const batch of chunks(rows, 200)) {
    await db
      .insertInto('orders')
      .values(batch)
      .onConflict((oc) =>
        oc.column('client_order_id').doUpdateSet((eb) => ({
          position: eb.ref('excluded.position'),
          exchange_order_id: eb.ref('excluded.exchange_order_id'),
          status: eb.ref('excluded.status'),
          price: eb.ref('excluded.price'),
          amount: eb.ref('excluded.amount'),
          stop_price: eb.ref('excluded.stop_price'),
          reason: eb.ref('excluded.reason'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
  }
  const fills = snapshots.flatMap(fillsToRows);
  for (const batch of chunks(fills)) {
    await db
      .insertInto('fills')
      .values(batch)
      .onConflict((oc) => oc.columns(['client_order_id', 'trade_id']).doNothing())
      .execute();
  }
}

/** Orders matching the filter with their fills, each deal's orders in position order. */
async function readOrders(db: Db, filter: OrderFilter): Promise<OrderSnapshot[]> {
  const rows: OrderRow[] = await db.selectFrom('orders').selectAll().where(filter).orderBy('deal_id').orderBy('position').execute();
  if (rows.length === 0) return [];
  const fills: FillRow[] = await db
    .selectFrom('fills')
    .selectAll()
    .where('client_order_id', 'in', (eb) => eb.selectFrom('orders').select('client_order_id').where(filter))
    .orderBy('client_order_id')
    .orderBy('position')
    .execute();
  const byOrder = groupBy(fills, (f) => f.client_order_id);
  return rows.map((row) => orderFromRows(row, byOrder.get(row.client_order_id) ?? []));
}
