import { Migrator, type MigrationResultSet } from 'kysely';
import { DatabaseOpenError, messageOf } from './database.errors.js';
import type { SqlDatabase } from './sql-database.js';
import { dealbotMigrations, InCodeMigrationProvider } from './migrations/index.js';
import { sqliteOpenError } from './sqlite.connect.js';

const MIGRATION_TABLE = 'kysely_migration' as const;

export interface MigrationStatus {
  /** Applied migrations, in the order they were applied. */
  readonly applied: readonly string[];
  /** Known migrations not applied yet, in the order they will be. */
  readonly pending: readonly string[];
}

/** The names of every migration this dealbot knows, in order. */
export function knownMigrations(): string[] {
  return Object.keys(dealbotMigrations('sqlite')).sort();
}

function migratorFor(database: SqlDatabase): Migrator {
  return new Migrator({
    db: database.db,
    provider: new InCodeMigrationProvider(database.dialect),
    ...(database.schema === null ? {} : { migrationTableSchema: database.schema }),
  });
}

/** Applies every pending migration in one transaction; returns the names applied now. */
export async function migrateToLatest(database: SqlDatabase): Promise<string[]> {
  await assertKnownMigrations(database);
  return applied(database, await migratorFor(database).migrateToLatest());
}

/** Migrates up (or down) to the named migration: for tests and repairs. */
export async function migrateTo(database: SqlDatabase, name: string): Promise<string[]> {
  await assertKnownMigrations(database);
  return applied(database, await migratorFor(database).migrateTo(name));
}

export async function migrationStatus(database: SqlDatabase): Promise<MigrationStatus> {
  const applied = await appliedMigrations(database);
  refuseUnknown(database, applied);
  return { applied, pending: knownMigrations().filter((name) => !applied.includes(name)) };
}

/** Refuses a database migrated by a newer dealbot: it has migrations this one does not know. */
export async function assertKnownMigrations(database: SqlDatabase): Promise<void> {
  refuseUnknown(database, await appliedMigrations(database));
}

function refuseUnknown(database: SqlDatabase, applied: readonly string[]): void {
  const known = new Set(knownMigrations());
  const unknown = applied.filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new DatabaseOpenError(
      'NEWER_VERSION',
      `${database.location} was migrated by a newer dealbot (unknown migrations: ${unknown.join(', ')}); upgrade dealbot or use another database`,
    );
  }
}

async function appliedMigrations(database: SqlDatabase): Promise<string[]> {
  const tables = await database.db.introspection.getTables({ withInternalKyselyTables: true });
  const exists = tables.some((t) => t.name === MIGRATION_TABLE && (database.schema === null || t.schema === database.schema));
  if (!exists) return [];
  const tracked = database.db.withTables<{ [MIGRATION_TABLE]: { name: string; timestamp: string } }>();
  const db = database.schema === null ? tracked : tracked.withSchema(database.schema);
  const rows = await db.selectFrom(MIGRATION_TABLE).select(['name', 'timestamp']).execute();
  return rows
    .sort((a, b) => a.timestamp.localeCompare(b.timestamp) || a.name.localeCompare(b.name))
    .map((row) => row.name);
}

function applied(database: SqlDatabase, result: MigrationResultSet): string[] {
  if (result.error !== undefined) {
    // A full disk, a read-only file, ...: one line naming the file and the cause.
    const refused = database.dialect === 'sqlite' ? sqliteOpenError(result.error, database.location) : result.error;
    if (refused instanceof DatabaseOpenError) throw refused;
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName;
    throw new Error(`migrating ${database.location} failed${failed ? ` at ${failed}` : ''}: ${messageOf(result.error)}`);
  }
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
