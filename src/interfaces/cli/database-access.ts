import { existsSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Deal } from '../../domain/deal/deal.entity.js';
import type { DealsRepository } from '../../domain/ports/repositories.port.js';
import { DatabaseOpenError, migrationStatus, parseDatabaseUrl, SqlUnitOfWork, type SqlDatabase } from '../../infrastructure/persistence/sql/index.js';
import type { CliDeps } from './session.js';

/**
 * For commands that only read the bot's tables: opened read-only (nothing is created), and
 * refused in one line unless every migration is applied, instead of failing on a missing table.
 */
export async function openMigratedForReading(deps: CliDeps, url: string): Promise<SqlDatabase> {
  const database = await deps.openDatabase(url, { readOnly: true });
  try {
    const { applied, pending } = await migrationStatus(database);
    const migrate = `run \`dealbot db migrate --database ${database.location}\` first`;
    if (applied.length === 0) throw new DatabaseOpenError('NOT_MIGRATED', `${database.location} holds no dealbot tables (no migrations applied); ${migrate}`);
    if (pending.length > 0) throw new DatabaseOpenError('NOT_MIGRATED', `${database.location} has pending migrations (${pending.join(', ')}); ${migrate}`);
    return database;
  } catch (error) {
    await database.close();
    throw error;
  }
}

/**
 * What a command that may create a SQLite database leaves behind when the disk refuses it (full,
 * no permission): the returned function, given the error, removes the file (with its -wal, -shm
 * and -journal) and the folders that did not exist before, so a refused command writes nothing.
 * Any other error leaves everything alone: the file may be another run's, made meanwhile.
 */
export function removeIfCreated(url: string): (error: unknown) => void {
  let path: string;
  try {
    const target = parseDatabaseUrl(url);
    if (target.dialect !== 'sqlite' || target.path === ':memory:') return () => undefined;
    path = resolve(target.path);
  } catch {
    return () => undefined;
  }
  const files = [path, `${path}-wal`, `${path}-shm`, `${path}-journal`].filter((file) => !existsSync(file));
  let topmostNew: string | null = null;
  for (let folder = dirname(path); !existsSync(folder); folder = dirname(folder)) topmostNew = folder;
  const remove = (path: string): void => {
    try {
      rmSync(path, { recursive: true, force: true });
    } catch {
      // nothing there to remove (e.g. a parent is a file): the failure being reported says why
    }
  };
  return (error) => {
    if (!(error instanceof DatabaseOpenError && (error.code === 'WRITE' || error.code === 'DIRECTORY'))) return;
    for (const file of files) remove(file);
    if (topmostNew !== null) remove(topmostNew);
  };
}

/** Deals read from the database `url`, opened read-only and refused unless migrated. */
export async function readDeals(deps: CliDeps, url: string, read: (deals: DealsRepository) => Promise<Deal[]>): Promise<Deal[]> {
  const database = await openMigratedForReading(deps, url);
  try {
    return await new SqlUnitOfWork(database).read((r) => read(r.deals));
  } finally {
    await database.close();
  }
}
