import { parseDatabaseUrl } from '../sql/database-url.js';
import type { SqlDatabase } from '../sql/sql-database.js';
import { NO_LOCK, thisProcess, type InstanceLock } from './instance-lock.js';
import { acquireSqliteLock } from './sqlite.instance-lock.js';

export { InstanceLockedError, type InstanceHolder, type InstanceLock } from './instance-lock.js';

/**
 * The instance lock of an opened database (its URL as given to openDatabase): one run per
 * SQLite file, one per PostgreSQL database and schema. Throws InstanceLockedError, naming
 * the holder, when another run has it.
 */
export function acquireInstanceLock(url: string, database: SqlDatabase, botPrefix: string, onLost: (error: Error) => void = stopThisRun): Promise<InstanceLock> {
  const target = parseDatabaseUrl(url);
  const holder = thisProcess(botPrefix);
  if (target.dialect === 'sqlite') return target.path === ':memory:' ? Promise.resolve(NO_LOCK) : acquireSqliteLock(target.path, database.location, holder);
  // pg loads with the first PostgreSQL lock, not for SQLite
  return import('./postgres.instance-lock.js').then(({ acquirePostgresLock }) => acquirePostgresLock({ connectionString: target.connectionString, schema: database.schema ?? 'public', location: database.location, holder, onLost }));
}

/**
 * A lost PostgreSQL lock: another run may start on the database now, so this one stops the way
 * Ctrl-C stops it (the tick in progress finishes, the summary is printed).
 */
function stopThisRun(error: Error): void {
  process.stderr.write(`dealbot: lost the instance lock (${error.message.replace(/\s*\n\s*/g, ' ')}); stopping\n`);
  process.kill(process.pid, 'SIGTERM');
}
