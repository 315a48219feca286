import { resolve } from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { DatabaseOpenError } from './database.errors.js';
import { isValidSchemaName, parseDatabaseUrl, redactUrl } from './database-url.js';
import { assertKnownMigrations } from './migrator.js';
import type { DealbotSchema } from './schema.js';
import type { SqlDatabase } from './sql-database.js';
import { enableWal, openSqliteFile, sqliteOpenError, type SqliteHandle } from './sqlite.connect.js';
import { DealbotSqliteDialect } from './sqlite.dialect.js';

export interface OpenDatabaseOptions {
  /** PostgreSQL only: the schema for the tables (overrides `?schema=` in the URL). */
  readonly schema?: string;
  /** PostgreSQL only: the pool size (default 10). */
  readonly poolSize?: number;
  /** For commands that only read: SQLite creates no folder or file and is not switched to WAL; a missing file is refused. */
  readonly readOnly?: boolean;
}

/**
 * Opens `sqlite:<path>`, `sqlite::memory:` or `postgres://...`. Refuses, with one line and
 * without writing anything, a bad URL, a folder that cannot be made, a file that is not
 * SQLite and a database migrated by a newer dealbot. Does not migrate: see migrateToLatest.
 */
export async function openDatabase(url: string, options: OpenDatabaseOptions = {}): Promise<SqlDatabase> {
  const target = parseDatabaseUrl(url);
  if (target.dialect === 'sqlite') {
    const location = target.path === ':memory:' ? 'sqlite::memory:' : `sqlite:${resolve(target.path)}`;
    return openSqlite(openSqliteFile(target.path, location, { readOnly: options.readOnly === true }), location, options.readOnly === true);
  }
  const schema = options.schema ?? target.schema;
  if (schema != null && !isValidSchemaName(schema)) {
    throw new DatabaseOpenError('BAD_URL', `schema "${schema}" for ${redactUrl(url)} must be letters, digits and _`);
  }
  return openPostgres(target.connectionString, schema ?? null, redactUrl(target.connectionString), options.poolSize);
}

async function openSqlite(handle: SqliteHandle, location: string, readOnly: boolean): Promise<SqlDatabase> {
  const db = new Kysely<DealbotSchema>({ dialect: new DealbotSqliteDialect({ database: handle }) });
  const database: SqlDatabase = { db, dialect: 'sqlite', schema: null, location, close: () => db.destroy() };
  try {
    await assertKnownMigrations(database);
    if (!readOnly) enableWal(handle);
    return database;
  } catch (error) {
    await db.destroy();
    throw sqliteOpenError(error, location);
  }
}

async function openPostgres(connectionString: string, wanted: string | null, location: string, poolSize?: number): Promise<SqlDatabase> {
  // pg loads with the first PostgreSQL database, not for SQLite
  const { createPostgresPool, postgresOpenError } = await import('./postgres.connect.js');
  const pool = createPostgresPool({ connectionString, schema: wanted, ...(poolSize === undefined ? {} : { max: poolSize }) });
  const db = new Kysely<DealbotSchema>({ dialect: new PostgresDialect({ pool }) });
  try {
    let schema = wanted;
    try {
      const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
      schema ??= rows[0]?.schema ?? 'public';
    } catch (error) {
      throw postgresOpenError(error, location, connectionString);
    }
    const database: SqlDatabase = { db, dialect: 'postgres', schema, location, close: () => db.destroy() };
    await assertKnownMigrations(database);
    return database;
  } catch (error) {
    await db.destroy();
    throw error;
  }
}
