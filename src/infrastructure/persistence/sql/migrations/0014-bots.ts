import type { Kysely, Migration } from 'kysely';

/**
 * Several bots in one process: the bot a pair trades for and the bot a deal belongs to. Existing
 * rows belong to the one bot of a config without `bots:`, `default`.
 */
export function botsMigration(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('currency_pairs').addColumn('bot', 'text', (c) => c.notNull().defaultTo('default')).execute();
      await db.schema.alterTable('deals').addColumn('bot', 'text', (c) => c.notNull().defaultTo('default')).execute();
    },

    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('deals').dropColumn('bot').execute();
      await db.schema.alterTable('currency_pairs').dropColumn('bot').execute();
    },
  };
}
