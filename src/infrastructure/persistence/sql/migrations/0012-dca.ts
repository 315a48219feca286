import type { Kysely, Migration } from 'kysely';
import { columnTypes, type SqlDialect } from './column-types.js';

/**
 * DCA deals: a pair's DCA settings (JSON, decimals as text; null without DCA) and a deal's
 * take-profit basis (the ended buys' filled amount its take profit was placed for). Existing
 * rows read as plain pairs and deals.
 */
export function dcaMigration(dialect: SqlDialect): Migration {
  const t = columnTypes(dialect);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('currency_pairs').addColumn('dca', 'text').execute();
      await db.schema.alterTable('deals').addColumn('take_profit_basis', t.money).execute();
    },

    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('deals').dropColumn('take_profit_basis').execute();
      await db.schema.alterTable('currency_pairs').dropColumn('dca').execute();
    },
  };
}
