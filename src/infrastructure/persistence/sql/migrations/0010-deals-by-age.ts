import type { Kysely, Migration } from 'kysely';

/** The API lists deals a page at a time, oldest first, across every pair and status: an index in that order. */
export function dealsByAgeMigration(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.createIndex('deals_by_age').on('deals').columns(['created_at', 'id']).execute();
    },

    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropIndex('deals_by_age').execute();
    },
  };
}
