import type { CurrencyPairProps } from '../../../domain/currency-pair/currency-pair.entity.js';
import type { DealSnapshot } from '../../../domain/deal/deal.snapshot.js';
import type { DomainEvent } from '../../../domain/events.js';
import type { OrderSnapshot } from '../../../domain/order/order.snapshot.js';
import type { Candle } from '../../../domain/shared/candle.js';
import { MemoryTable, type TableOverlay } from './memory-table.js';

export type DealRow = Omit<DealSnapshot, 'orders'> & { readonly orderIds: readonly string[] };

export interface OutboxRow {
  readonly id: number;
  readonly event: DomainEvent;
  readonly published: boolean;
}

/** The in-memory database: the same tables the SQL adapters have, as maps. */
export class MemoryDatabase {
  readonly deals = new MemoryTable<DealRow>();
  readonly orders = new MemoryTable<OrderSnapshot>();
  readonly pairs = new MemoryTable<CurrencyPairProps>();
  readonly candles = new MemoryTable<readonly Candle[]>();
  readonly outbox = new MemoryTable<OutboxRow>();
  nextOutboxId = 1;
}

/** One transaction's view of every table. */
export interface MemoryTransaction {
  readonly deals: TableOverlay<DealRow>;
  readonly orders: TableOverlay<OrderSnapshot>;
  readonly pairs: TableOverlay<CurrencyPairProps>;
  readonly candles: TableOverlay<readonly Candle[]>;
  readonly outbox: TableOverlay<OutboxRow>;
  readonly db: MemoryDatabase;
}

export function beginTransaction(db: MemoryDatabase): MemoryTransaction {
  return { deals: db.deals.overlay(), orders: db.orders.overlay(), pairs: db.pairs.overlay(), candles: db.candles.overlay(), outbox: db.outbox.overlay(), db };
}

export function commitTransaction(tx: MemoryTransaction): void {
  tx.deals.commit();
  tx.orders.commit();
  tx.pairs.commit();
  tx.candles.commit();
  tx.outbox.commit();
}
