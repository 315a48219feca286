import type { Kysely, Migration } from 'kysely';

/** Deals adopted at start-up from exchange orders the database had lost. */
export function recoveredMigration(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('deals').addColumn('recovered', 'integer', (c) => c.notNull().defaultTo(0)).execute();
    },

    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('deals').dropColumn('recovered').execute();
    },
  };
}
