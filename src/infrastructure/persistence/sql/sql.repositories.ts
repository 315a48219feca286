import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { SqlDialect } from './migrations/column-types.js';
import type { DomainEvent } from '../../../domain/events.js';
import type { CandlesRepository, OutboxEntry, OutboxRepository, Repositories } from '../../../domain/ports/repositories.port.js';
import { SqlApiRequestsRepository } from './sql.api-requests.repository.js';
import type { Candle, Timeframe } from '../../../domain/shared/candle.js';
import type { DealbotSchema } from './schema.js';
import { SqlDealsRepository, SqlOrdersRepository } from './sql.deals.repository.js';
import { SqlPairsRepository } from './sql.pairs.repository.js';
import { SqlPausesRepository } from './sql.pauses.repository.js';
import { candleFromRow, candleToRow, chunks } from './sql.rows.js';

type Db = Kysely<DealbotSchema>;

export class SqlCandlesRepository implements CandlesRepository {
  constructor(private readonly db: Db) {}

  async append(symbol: string, timeframe: Timeframe, candles: readonly Candle[]): Promise<void> {
    for (const batch of chunks(candles, 1_000)) {
      await this.db
        .insertInto('candles')
        .values(batch.map((c) => candleToRow(symbol, timeframe, c)))
        .onConflict((oc) =>
          oc.columns(['symbol', 'timeframe', 'open_time']).doUpdateSet((eb) => ({
            open: eb.ref('excluded.open'),
            high: eb.ref('excluded.high'),
            low: eb.ref('excluded.low'),
            close: eb.ref('excluded.close'),
            volume: eb.ref('excluded.volume'),
          })),
        )
        .execute();
    }
  }

  async getLast(symbol: string, timeframe: Timeframe, limit: number): Promise<Candle[]> {
    if (limit <= 0) return [];
    const rows = await this.db
      .selectFrom('candles')
      .selectAll()
      .where('symbol', '=', symbol)
      .where('timeframe', '=', timeframe)
      .orderBy('open_time', 'desc')
      .limit(limit)
      .execute();
    return rows.reverse().map(candleFromRow);
  }
}

/**
 * The outbox's sequence (its id) must follow commit order, or a relay reading past a
 * sequence would skip a transaction that took a lower id and committed later. SQLite has one
 * writer at a time; on PostgreSQL each transaction that adds events takes this lock until it
 * ends, so ids are handed out in the order the transactions commit.
 */
const OUTBOX_ORDER_LOCK = 0x6465_616c_626f; // "dealbo"

export class SqlOutboxRepository implements OutboxRepository {
  constructor(
    private readonly db: Db,
    private readonly now: () => number,
    private readonly dialect: SqlDialect,
  ) {}

  async add(events: readonly DomainEvent[]): Promise<void> {
    if (events.length === 0) return;
    if (this.dialect === 'postgres') await sql`select pg_advisory_xact_lock(${OUTBOX_ORDER_LOCK})`.execute(this.db);
    for (const batch of chunks(events)) {
      await this.db
        .insertInto('outbox')
        .values(batch.map((event) => ({ type: event.type, event: JSON.stringify(event), occurred_at: event.occurredAt, event_id: randomUUID() })))
        .execute();
    }
  }

  async unpublished(limit: number): Promise<OutboxEntry[]> {
    if (limit <= 0) return [];
    const rows = await this.db.selectFrom('outbox').select(['id', 'event']).where('published', '=', 0).orderBy('id').limit(limit).execute();
    return rows.map((row) => ({ id: Number(row.id), event: JSON.parse(row.event) as DomainEvent }));
  }

  async markPublished(ids: readonly number[]): Promise<void> {
    const at = this.now();
    for (const batch of chunks(ids)) {
      await this.db.updateTable('outbox').set({ published: 1, published_at: at }).where('id', 'in', batch).where('published', '=', 0).execute();
    }
  }
}

/** Every repository over one Kysely instance or transaction. */
export function sqlRepositories(db: Db, now: () => number, dialect: SqlDialect): Repositories {
  return {
    deals: new SqlDealsRepository(db),
    orders: new SqlOrdersRepository(db),
    pairs: new SqlPairsRepository(db),
    pauses: new SqlPausesRepository(db),
    candles: new SqlCandlesRepository(db),
    outbox: new SqlOutboxRepository(db, now, dialect),
    apiRequests: new SqlApiRequestsRepository(db),
  };
}
