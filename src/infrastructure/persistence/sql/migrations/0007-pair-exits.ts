import type { Kysely, Migration } from 'kysely';
import { columnTypes, type SqlDialect } from './column-types.js';

/**
 * A pair's exit rules: one nullable column per rule setting on the pair (null: the rule is
 * off), and the take-profit ladder as rows, one per target in ascending profit.
 */
export function pairExitsMigration(dialect: SqlDialect): Migration {
  const t = columnTypes(dialect);
  const columns = [
    ['stop_loss', t.money],
    ['trailing_activation', t.money],
    ['trailing_distance', t.money],
    ['time_exit_hours', t.float],
    ['panic_drop', t.money],
    ['panic_window_minutes', t.float],
    ['panic_cooldown_minutes', t.float],
    ['panic_reference', 'text'],
  ] as const;
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      for (const [name, type] of columns) await db.schema.alterTable('currency_pairs').addColumn(name, type).execute();
      await db.schema
        .createTable('take_profit_targets')
        .addColumn('symbol', t.key, (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('profit', t.money, (c) => c.notNull())
        .addColumn('share', t.money, (c) => c.notNull())
        .addPrimaryKeyConstraint('take_profit_targets_pk', ['symbol', 'position'])
        .execute();
    },

    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('take_profit_targets').execute();
      for (const [name] of [...columns].reverse()) await db.schema.alterTable('currency_pairs').dropColumn(name).execute();
    },
  };
}
