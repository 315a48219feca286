import type { Kysely, Migration } from 'kysely';
import { columnTypes, type SqlDialect } from './column-types.js';

/** A pair's cooldown between deals, in minutes (null: none); existing pairs have none. */
export function pairCooldownMigration(dialect: SqlDialect): Migration {
  const t = columnTypes(dialect);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('currency_pairs').addColumn('cooldown_minutes', t.float).execute();
    },

    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('currency_pairs').dropColumn('cooldown_minutes').execute();
    },
  };
}
