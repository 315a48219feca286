import type { Kysely, Migration } from 'kysely';
import { columnTypes, type SqlDialect } from './column-types.js';

/** Fees in any currency: a fill's fee currency (null: the quote) and a third currency's quote value; a deal's dust. */
export function feeCurrencyMigration(dialect: SqlDialect): Migration {
  const t = columnTypes(dialect);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('fills').addColumn('fee_currency', 'text').execute();
      await db.schema.alterTable('fills').addColumn('fee_quote', t.money).execute();
      await db.schema.alterTable('deals').addColumn('dust', t.money).execute();
    },

    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('deals').dropColumn('dust').execute();
      await db.schema.alterTable('fills').dropColumn('fee_quote').execute();
      await db.schema.alterTable('fills').dropColumn('fee_currency').execute();
    },
  };
}
