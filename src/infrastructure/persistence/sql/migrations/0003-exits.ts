import type { Kysely, Migration } from 'kysely';
import { columnTypes, type SqlDialect } from './column-types.js';

/** Exit rules: a trailing stop's high-water mark on the deal, a stop price on a sell. */
export function exitsMigration(dialect: SqlDialect): Migration {
  const t = columnTypes(dialect);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('deals').addColumn('high_water_mark', t.money).execute();
      await db.schema.alterTable('orders').addColumn('stop_price', t.money).execute();
    },

    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('orders').dropColumn('stop_price').execute();
      await db.schema.alterTable('deals').dropColumn('high_water_mark').execute();
    },
  };
}
