import type { CurrencyPairProps } from '../../../domain/currency-pair/currency-pair.entity.js';
import type { DealStatus } from '../../../domain/deal/deal-status.js';
import type { DomainEvent } from '../../../domain/events.js';
import type { OrderState } from '../../../domain/order/order.entity.js';
import type { ApiRequestRecord, PairSource, PauseRecord } from '../../../domain/ports/repositories.port.js';
import type { Candle } from '../../../domain/shared/candle.js';
import type { Decimal } from '../../../domain/shared/decimal.js';
import { MemoryTable, type TableOverlay } from './memory-table.js';

/**
 * A deal's own fields and its orders' ids. Decimals are values that nothing changes in
 * place, so rows keep them as they are; a row is never changed, only replaced.
 */
export interface DealRow {
  readonly id: string;
  readonly symbol: string;
  readonly status: DealStatus;
  readonly createdAt: number;
  readonly closedAt: number | null;
  readonly pnl: Decimal | null;
  readonly reason: string | null;
  readonly highWaterMark: Decimal | null;
  readonly recovered: boolean;
  readonly dust: Decimal | null;
  readonly takeProfitBasis: Decimal | null;
  readonly bot: string;
  readonly orderIds: readonly string[];
}

/** A pair's settings, where they came from, and when it was removed (null while traded). */
export interface PairRow {
  readonly props: CurrencyPairProps;
  readonly source: PairSource;
  readonly removedAt: number | null;
}

/** A pause by its pair ('' for the pause of all pairs); null once lifted (an overlay cannot delete). */
export type PauseRow = PauseRecord | null;

export interface OutboxRow {
  readonly id: number;
  readonly event: DomainEvent;
  readonly published: boolean;
}

/**
 * The in-memory database: the same tables the SQL adapters have, as maps. An order row is
 * the order's own state record (Order.toState), which no one changes.
 */
export class MemoryDatabase {
  readonly deals = new MemoryTable<DealRow>();
  readonly orders = new MemoryTable<OrderState>();
  readonly pairs = new MemoryTable<PairRow>();
  readonly pauses = new MemoryTable<PauseRow>();
  readonly candles = new MemoryTable<readonly Candle[]>();
  readonly outbox = new MemoryTable<OutboxRow>();
  readonly apiRequests = new MemoryTable<ApiRequestRecord | null>();
  nextOutboxId = 1;
}

/** One transaction's view of every table; a table's overlay is made when the transaction first uses it. */
export class MemoryTransaction {
  #deals: TableOverlay<DealRow> | null = null;
  #orders: TableOverlay<OrderState> | null = null;
  #pairs: TableOverlay<PairRow> | null = null;
  #pauses: TableOverlay<PauseRow> | null = null;
  #candles: TableOverlay<readonly Candle[]> | null = null;
  #outbox: TableOverlay<OutboxRow> | null = null;
  #apiRequests: TableOverlay<ApiRequestRecord | null> | null = null;

  constructor(readonly db: MemoryDatabase) {}

  get deals(): TableOverlay<DealRow> {
    return (this.#deals ??= this.db.deals.overlay());
  }

  get orders(): TableOverlay<OrderState> {
    return (this.#orders ??= this.db.orders.overlay());
  }

  get pairs(): TableOverlay<PairRow> {
    return (this.#pairs ??= this.db.pairs.overlay());
  }

  get pauses(): TableOverlay<PauseRow> {
    return (this.#pauses ??= this.db.pauses.overlay());
  }

  get candles(): TableOverlay<readonly Candle[]> {
    return (this.#candles ??= this.db.candles.overlay());
  }

  get outbox(): TableOverlay<OutboxRow> {
    return (this.#outbox ??= this.db.outbox.overlay());
  }

  get apiRequests(): TableOverlay<ApiRequestRecord | null> {
    return (this.#apiRequests ??= this.db.apiRequests.overlay());
  }

  /** The outbox rows this transaction wrote, taken out of it: its commit will not store them. */
  takeOutbox(): OutboxRow[] {
    return this.#outbox === null ? [] : this.#outbox.take();
  }

  commit(): void {
    this.#deals?.commit();
    this.#orders?.commit();
    this.#pairs?.commit();
    this.#pauses?.commit();
    this.#candles?.commit();
    this.#outbox?.commit();
    this.#apiRequests?.commit();
  }
}

export function beginTransaction(db: MemoryDatabase): MemoryTransaction {
  return new MemoryTransaction(db);
}

export function commitTransaction(tx: MemoryTransaction): void {
  tx.commit();
}
