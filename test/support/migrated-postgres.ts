import { migrateToLatest, openDatabase, type SqlDatabase } from '../../src/infrastructure/persistence/sql/index.js';
import { createPostgresTestSchema, POSTGRES_TEST_URL } from './services.js';

/** A database in a schema of its own in the test PostgreSQL, migrated to the latest; `close` closes it and drops the schema. */
export async function migratedPostgresSchema(): Promise<{ readonly database: SqlDatabase; close(): Promise<void> }> {
  const created = await createPostgresTestSchema();
  const database = await openDatabase(POSTGRES_TEST_URL, { schema: created.schema });
  await migrateToLatest(database);
  return {
    database,
    close: async () => {
      await database.close();
      await created.drop();
    },
  };
}
