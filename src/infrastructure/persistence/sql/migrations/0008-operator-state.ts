import type { Kysely, Migration } from 'kysely';
import { columnTypes, type SqlDialect } from './column-types.js';

/**
 * What the operator changes at runtime and a restart keeps: pauses of new deals (one per pair,
 * `pair` null for the pause of all pairs), and where each pair's settings came from (`source`:
 * config or api) with the time the operator removed it (`removed_at`, a tombstone).
 */
export function operatorStateMigration(dialect: SqlDialect): Migration {
  const t = columnTypes(dialect);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('pauses')
        .addColumn('pair', t.key)
        .addColumn('until', t.time)
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('created_at', t.time, (c) => c.notNull())
        .execute();
      await db.schema.alterTable('currency_pairs').addColumn('source', 'text', (c) => c.notNull().defaultTo('config')).execute();
      await db.schema.alterTable('currency_pairs').addColumn('removed_at', t.time).execute();
    },

    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('currency_pairs').dropColumn('removed_at').execute();
      await db.schema.alterTable('currency_pairs').dropColumn('source').execute();
      await db.schema.dropTable('pauses').execute();
    },
  };
}
