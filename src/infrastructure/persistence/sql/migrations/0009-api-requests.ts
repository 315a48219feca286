import type { Kysely, Migration } from 'kysely';
import { columnTypes, type SqlDialect } from './column-types.js';

/** The answers of operator requests by Idempotency-Key: a repeat gets the stored answer, across restarts. */
export function apiRequestsMigration(dialect: SqlDialect): Migration {
  const t = columnTypes(dialect);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('api_requests')
        .addColumn('idempotency_key', t.key, (c) => c.primaryKey())
        .addColumn('method', 'text', (c) => c.notNull())
        .addColumn('path', 'text', (c) => c.notNull())
        .addColumn('body_sha256', 'text', (c) => c.notNull())
        .addColumn('status', 'integer', (c) => c.notNull())
        .addColumn('response', 'text', (c) => c.notNull())
        .addColumn('created_at', t.time, (c) => c.notNull())
        .execute();
    },

    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('api_requests').execute();
    },
  };
}
