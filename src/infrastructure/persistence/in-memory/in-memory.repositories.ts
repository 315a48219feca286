import { CurrencyPair } from '../../../domain/currency-pair/currency-pair.entity.js';
import { Deal } from '../../../domain/deal/deal.entity.js';
import type { DomainEvent } from '../../../domain/events.js';
import { Order, type OrderState } from '../../../domain/order/order.entity.js';
import { isFinalOrderStatus, type OrderStatus } from '../../../domain/order/order-status.js';
import type { DealStatus } from '../../../domain/deal/deal-status.js';
import { ZERO, type Decimal } from '../../../domain/shared/decimal.js';
import type {
  ApiRequestRecord,
  ApiRequestsRepository,
  CandlesRepository,
  DealPageQuery,
  DealsRepository,
  DealTally,
  OrdersRepository,
  OutboxEntry,
  OutboxRepository,
  PairRecord,
  PairSource,
  PairsRepository,
  PauseRecord,
  PausesRepository,
} from '../../../domain/ports/repositories.port.js';
import type { Candle, Timeframe } from '../../../domain/shared/candle.js';
import { pauseOrder } from '../pause-order.js';
import type { DealRow, MemoryTransaction } from './memory-database.js';

const byPairAndStatus = (a: { symbol: string; status: string }, b: { symbol: string; status: string }): number =>
  a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : a.status < b.status ? -1 : a.status > b.status ? 1 : 0;
const byAge = (a: { createdAt: number; id: string }, b: { createdAt: number; id: string }): number => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Where a deal's rows go: a transaction's overlays, or (a store's direct save) the tables themselves. */
export interface DealTables {
  readonly deals: { set(key: string, row: DealRow): void };
  readonly orders: { set(key: string, state: OrderState): void };
}

/**
 * Writes a deal's row and its orders' state records. Nothing here can throw once it has begun:
 * the rows are the deal's own values and its orders' state records (which no one changes).
 */
export function writeDeal(tables: DealTables, deal: Deal): void {
  const orders = deal.orders;
  const orderIds = new Array<string>(orders.length);
  for (let i = 0; i < orders.length; i += 1) {
    const order = orders[i]!;
    tables.orders.set(order.id, order.toState());
    orderIds[i] = order.id;
  }
  tables.deals.set(deal.id, {
    id: deal.id,
    symbol: deal.symbol,
    status: deal.status,
    createdAt: deal.createdAt,
    closedAt: deal.closedAt,
    pnl: deal.pnl,
    reason: deal.reason,
    highWaterMark: deal.highWaterMark,
    recovered: deal.recovered,
    dust: deal.dust,
    takeProfitBasis: deal.takeProfitBasis,
    bot: deal.bot,
    orderIds,
  });
}

export class InMemoryDealsRepository implements DealsRepository {
  constructor(private readonly tx: MemoryTransaction) {}

  async save(deal: Deal): Promise<void> {
    writeDeal(this.tx, deal);
  }

  async getById(id: string): Promise<Deal | null> {
    const row = this.tx.deals.get(id);
    return row ? this.#load(row) : null;
  }

  async getOpenDeals(symbol?: string): Promise<Deal[]> {
    return this.#select((row) => row.status !== 'closed' && row.status !== 'cancelled' && (symbol === undefined || row.symbol === symbol));
  }

  async getAll(symbol?: string): Promise<Deal[]> {
    return this.#select((row) => symbol === undefined || row.symbol === symbol);
  }

  async page(q: DealPageQuery): Promise<Deal[]> {
    const after = q.after;
    const rows = [...this.tx.deals.values()]
      .filter(
        (row) =>
          (q.symbol === undefined || row.symbol === q.symbol) &&
          (q.bot === undefined || row.bot === q.bot) &&
          (q.status === undefined || row.status === q.status) &&
          (q.from === undefined || row.createdAt >= q.from) &&
          (q.to === undefined || row.createdAt < q.to) &&
          (after === undefined || byAge(row, after) > 0),
      )
      .sort(byAge);
    return rows.slice(0, q.limit).map((row) => this.#load(row));
  }

  async lastEnded(): Promise<ReadonlyMap<string, number>> {
    const ended = new Map<string, number>();
    for (const row of this.tx.deals.values()) if (row.closedAt !== null && row.closedAt > (ended.get(row.symbol) ?? Number.NEGATIVE_INFINITY)) ended.set(row.symbol, row.closedAt);
    return ended;
  }

  async tally(): Promise<DealTally> {
    const deals = new Map<string, { symbol: string; status: DealStatus; count: number; pnl: Decimal | null }>();
    for (const row of this.tx.deals.values()) {
      const key = `${row.symbol} ${row.status}`;
      const entry = deals.get(key) ?? { symbol: row.symbol, status: row.status, count: 0, pnl: row.status === 'closed' ? ZERO : null };
      entry.count += 1;
      if (entry.pnl !== null && row.pnl !== null) entry.pnl = entry.pnl.plus(row.pnl);
      deals.set(key, entry);
    }
    const orders = new Map<OrderStatus, number>();
    for (const order of this.tx.orders.values()) orders.set(order.status, (orders.get(order.status) ?? 0) + 1);
    return { deals: [...deals.values()].sort(byPairAndStatus), orders: [...orders].map(([status, count]) => ({ status, count })).sort((a, b) => (a.status < b.status ? -1 : 1)) };
  }

  #select(keep: (row: DealRow) => boolean): Deal[] {
    const rows = [...this.tx.deals.values()].filter(keep).sort(byAge);
    return rows.map((row) => this.#load(row));
  }

  #load(row: DealRow): Deal {
    const orders = row.orderIds.map((id) => {
      const order = this.tx.orders.get(id);
      if (!order) throw new Error(`deal ${row.id} refers to missing order ${id}`);
      return Order.restore(order);
    });
    const { id, symbol, status, createdAt, closedAt, pnl, reason, highWaterMark, recovered, dust, takeProfitBasis, bot } = row;
    return Deal.restore({ id, symbol, status, orders, createdAt, closedAt, pnl, reason, highWaterMark, recovered, dust, takeProfitBasis, bot });
  }
}

export class InMemoryOrdersRepository implements OrdersRepository {
  constructor(private readonly tx: MemoryTransaction) {}

  async save(order: Order): Promise<void> {
    const deal = this.tx.deals.get(order.dealId);
    if (!deal) throw new Error(`order ${order.id}: deal ${order.dealId} is not saved`);
    if (!deal.orderIds.includes(order.id)) this.tx.deals.set(deal.id, { ...deal, orderIds: [...deal.orderIds, order.id] });
    this.tx.orders.set(order.id, order.toState());
  }

  async getById(clientOrderId: string): Promise<Order | null> {
    const row = this.tx.orders.get(clientOrderId);
    return row ? Order.restore(row) : null;
  }

  async getAllByDeal(dealId: string): Promise<Order[]> {
    const deal = this.tx.deals.get(dealId);
    if (!deal) return [];
    return deal.orderIds.map((id) => Order.restore(this.tx.orders.get(id) as OrderState));
  }

  async getNonFinal(): Promise<Order[]> {
    return [...this.tx.orders.values()]
      .filter((o) => !isFinalOrderStatus(o.status))
      .sort((a, b) => a.createdAt - b.createdAt || (a.clientOrderId < b.clientOrderId ? -1 : 1))
      .map((o) => Order.restore(o));
  }
}

export class InMemoryPairsRepository implements PairsRepository {
  constructor(private readonly tx: MemoryTransaction) {}

  async save(pair: CurrencyPair, source: PairSource = 'config'): Promise<void> {
    this.tx.pairs.set(pair.symbol, { props: pair.toProps(), source, removedAt: null });
  }

  async markRemoved(symbol: string, at: number): Promise<void> {
    const row = this.tx.pairs.get(symbol);
    if (row) this.tx.pairs.set(symbol, { ...row, removedAt: at });
  }

  async getBySymbol(symbol: string): Promise<CurrencyPair | null> {
    const row = this.tx.pairs.get(symbol);
    return row && row.removedAt === null ? CurrencyPair.create(row.props) : null;
  }

  async getAll(): Promise<CurrencyPair[]> {
    return (await this.records()).filter((r) => r.removedAt === null).map((r) => r.pair);
  }

  async records(): Promise<PairRecord[]> {
    return [...this.tx.pairs.values()]
      .sort((a, b) => (a.props.symbol < b.props.symbol ? -1 : 1))
      .map((row) => ({ pair: CurrencyPair.create(row.props), source: row.source, removedAt: row.removedAt }));
  }
}

/** Pauses by pair, '' for the pause of all pairs. */
export class InMemoryPausesRepository implements PausesRepository {
  constructor(private readonly tx: MemoryTransaction) {}

  async save(pause: PauseRecord): Promise<void> {
    this.tx.pauses.set(pause.symbol ?? '', { ...pause });
  }

  async delete(symbol: string | null): Promise<void> {
    if (this.tx.pauses.get(symbol ?? '') != null) this.tx.pauses.set(symbol ?? '', null);
  }

  async clear(): Promise<void> {
    for (const pause of [...this.tx.pauses.values()]) if (pause !== null) this.tx.pauses.set(pause.symbol ?? '', null);
  }

  async getAll(): Promise<PauseRecord[]> {
    return [...this.tx.pauses.values()].filter((p): p is PauseRecord => p !== null).map((p) => ({ ...p })).sort(pauseOrder);
  }
}

export class InMemoryCandlesRepository implements CandlesRepository {
  constructor(private readonly tx: MemoryTransaction) {}

  async append(symbol: string, timeframe: Timeframe, candles: readonly Candle[]): Promise<void> {
    const key = `${symbol}|${timeframe}`;
    const byTime = new Map((this.tx.candles.get(key) ?? []).map((c) => [c.openTime, c]));
    for (const c of candles) byTime.set(c.openTime, { ...c });
    this.tx.candles.set(key, [...byTime.values()].sort((a, b) => a.openTime - b.openTime));
  }

  async getLast(symbol: string, timeframe: Timeframe, limit: number): Promise<Candle[]> {
    const rows = this.tx.candles.get(`${symbol}|${timeframe}`) ?? [];
    return rows.slice(Math.max(0, rows.length - limit)).map((c) => ({ ...c }));
  }
}

export class InMemoryOutboxRepository implements OutboxRepository {
  constructor(private readonly tx: MemoryTransaction) {}

  async add(events: readonly DomainEvent[]): Promise<void> {
    for (const event of events) {
      const id = this.tx.db.nextOutboxId++;
      this.tx.outbox.set(String(id), { id, event, published: false });
    }
  }

  async unpublished(limit: number): Promise<OutboxEntry[]> {
    return [...this.tx.outbox.values()]
      .filter((row) => !row.published)
      .sort((a, b) => a.id - b.id)
      .slice(0, limit)
      .map(({ id, event }) => ({ id, event }));
  }

  async markPublished(ids: readonly number[]): Promise<void> {
    for (const id of ids) {
      const row = this.tx.outbox.get(String(id));
      if (row) this.tx.outbox.set(String(id), { ...row, published: true });
    }
  }
}

export class InMemoryApiRequestsRepository implements ApiRequestsRepository {
  constructor(private readonly tx: MemoryTransaction) {}

  async get(key: string): Promise<ApiRequestRecord | null> {
    return this.tx.apiRequests.get(key) ?? null;
  }

  async add(record: ApiRequestRecord): Promise<void> {
    if (this.tx.apiRequests.get(record.key) == null) this.tx.apiRequests.set(record.key, record);
  }

  async finish(key: string, status: number, response: string): Promise<void> {
    const record = this.tx.apiRequests.get(key);
    if (record != null) this.tx.apiRequests.set(key, { ...record, status, response });
  }

  async remove(key: string): Promise<void> {
    if (this.tx.apiRequests.get(key) != null) this.tx.apiRequests.set(key, null);
  }
}
