import type { Kysely, Migration } from 'kysely';
import { columnTypes, type SqlDialect } from './column-types.js';

/**
 * Events leave the process (docs/events/): each outbox row gets an id a consumer can
 * de-duplicate by, and each destination a cursor: the last sequence it confirmed.
 */
export function eventDeliveryMigration(dialect: SqlDialect): Migration {
  const t = columnTypes(dialect);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      // Rows written before this migration keep null and go out as `<prefix>outbox-<sequence>`.
      await db.schema.alterTable('outbox').addColumn('event_id', 'text').execute();
      await db.schema.createIndex('outbox_by_time').on('outbox').columns(['occurred_at', 'id']).execute();
      await db.schema
        .createTable('outbox_cursors')
        .addColumn('destination', t.key, (c) => c.primaryKey())
        .addColumn('sequence', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', t.time, (c) => c.notNull())
        .execute();
    },

    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('outbox_cursors').execute();
      await db.schema.dropIndex('outbox_by_time').execute();
      await db.schema.alterTable('outbox').dropColumn('event_id').execute();
    },
  };
}
