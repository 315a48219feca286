import type { Kysely } from 'kysely';
import type { DomainEvent } from '../../../domain/events.js';
import type { StoredEvent } from '../../events/event-envelope.js';
import type { OutboxLog } from '../../events/outbox-log.js';
import type { DealbotSchema } from './schema.js';

type Db = Kysely<DealbotSchema>;

interface OutboxRow {
  id: number | string;
  event_id: string | null;
  event: string;
}

function stored(row: OutboxRow): StoredEvent {
  return { sequence: Number(row.id), eventId: row.event_id, event: JSON.parse(row.event) as DomainEvent };
}

/**
 * The committed outbox as an ordered log (sequence = row id, commit order: see
 * SqlOutboxRepository) with one delivery cursor per destination. Reads outside any
 * transaction see only committed rows.
 */
export class SqlOutboxLog implements OutboxLog {
  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {}

  async after(after: number, limit: number): Promise<StoredEvent[]> {
    if (limit <= 0) return [];
    const rows = await this.db.selectFrom('outbox').select(['id', 'event_id', 'event']).where('id', '>', after).orderBy('id').limit(limit).execute();
    return rows.map(stored);
  }

  async since(since: number, after: number, limit: number): Promise<StoredEvent[]> {
    if (limit <= 0) return [];
    const rows = await this.db
      .selectFrom('outbox')
      .select(['id', 'event_id', 'event'])
      .where('occurred_at', '>=', since)
      .where('id', '>', after)
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map(stored);
  }

  async last(): Promise<number> {
    const row = await this.db.selectFrom('outbox').select((eb) => eb.fn.max('id').as('last')).executeTakeFirst();
    return row?.last == null ? 0 : Number(row.last);
  }

  async cursor(destination: string): Promise<number> {
    const row = await this.db.selectFrom('outbox_cursors').select('sequence').where('destination', '=', destination).executeTakeFirst();
    return row === undefined ? 0 : Number(row.sequence);
  }

  /** Whether `destination` has a cursor yet (a destination new to this database has none). */
  async known(destination: string): Promise<boolean> {
    const row = await this.db.selectFrom('outbox_cursors').select('destination').where('destination', '=', destination).executeTakeFirst();
    return row !== undefined;
  }

  async confirm(destination: string, sequence: number): Promise<void> {
    const at = this.now();
    await this.db
      .insertInto('outbox_cursors')
      .values({ destination, sequence, updated_at: at })
      .onConflict((oc) =>
        oc.column('destination').doUpdateSet({ sequence, updated_at: at }).where('outbox_cursors.sequence', '<', sequence),
      )
      .execute();
  }

  /** Every destination's cursor, by name. */
  async cursors(): Promise<Record<string, number>> {
    const rows = await this.db.selectFrom('outbox_cursors').select(['destination', 'sequence']).orderBy('destination').execute();
    return Object.fromEntries(rows.map((row) => [row.destination, Number(row.sequence)]));
  }
}
