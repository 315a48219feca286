import type { Kysely, Migration } from 'kysely';
import { columnTypes, type SqlDialect } from './column-types.js';

/**
 * Optimisation studies (`dealbot optimize --study`): what plans their trials again, and each
 * finished trial once, keyed by (study, index) so a trial two workers report counts once.
 */
export function studiesMigration(dialect: SqlDialect): Migration {
  const t = columnTypes(dialect);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('studies')
        .addColumn('id', t.key, (c) => c.primaryKey())
        .addColumn('config_path', 'text', (c) => c.notNull())
        .addColumn('config_text', 'text', (c) => c.notNull())
        .addColumn('data_dir', 'text', (c) => c.notNull())
        .addColumn('sampler', 'text', (c) => c.notNull())
        .addColumn('seed', t.time, (c) => c.notNull())
        .addColumn('objective', 'text', (c) => c.notNull())
        .addColumn('planned', 'integer', (c) => c.notNull())
        .addColumn('created_at', t.time, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('study_trials')
        .addColumn('study_id', t.key, (c) => c.notNull().references('studies.id').onDelete('cascade'))
        .addColumn('trial_index', 'integer', (c) => c.notNull())
        .addColumn('trial_values', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('score', t.float)
        .addColumn('reason', 'text')
        .addColumn('figures', 'text')
        .addPrimaryKeyConstraint('study_trials_pk', ['study_id', 'trial_index'])
        .execute();
    },

    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('study_trials').execute();
      await db.schema.dropTable('studies').execute();
    },
  };
}
