import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { OutboxLog } from '../../infrastructure/events/outbox-log.js';
import { parseDatabaseUrl, SqlOutboxLog, type SqlDatabase } from '../../infrastructure/persistence/sql/index.js';
import { ConfigError } from '../../infrastructure/config/config-error.js';
import { databaseUrl } from './cli-options.js';
import { openMigratedForReading } from './database-access.js';
import type { CliDeps } from './session.js';

/**
 * The database whose outbox the events commands read: --database, DATABASE_URL, then the
 * config's. An in-memory database lives and dies with its run: no other process can read it.
 */
export function outboxUrl(flag: string | undefined, configured: string, configPath: string): string {
  const url = databaseUrl(flag, () => configured);
  if (url === 'sqlite::memory:') throw new ConfigError(`the database is sqlite::memory:${flag === undefined && process.env.DATABASE_URL === undefined ? ` (${configPath})` : ''}, which only its own run can read; name the bot's database with --database or DATABASE_URL`);
  return url;
}

/** The outbox of a database opened read-only, for a reader that keeps asking (`events tail --follow`). */
export interface OutboxReader {
  /** The log as committed now. */
  log(): Promise<OutboxLog>;
  close(): Promise<void>;
}

/**
 * A SQLite file no writer has open is read as a copy in memory (so that reading creates no
 * -wal or -shm file: database-access.ts), which never sees later commits. This reader opens the
 * file again when a writer has appeared (its -wal or -shm exists) or the file changed; a file a
 * writer had open, and PostgreSQL, are read live.
 */
export async function openOutboxReader(deps: CliDeps, url: string): Promise<OutboxReader> {
  const file = sqliteFile(url);
  const stamp = (): string => {
    if (file === null) return '';
    const stat = statSync(file, { throwIfNoEntry: false });
    return `${stat?.mtimeMs ?? 0}:${stat?.size ?? 0}`;
  };
  const writerOpen = (): boolean => file !== null && (existsSync(`${file}-wal`) || existsSync(`${file}-shm`));
  const open = async (): Promise<{ database: SqlDatabase; copy: boolean; stamp: string }> => {
    const seen = stamp();
    const copy = file !== null && !writerOpen();
    return { database: await openMigratedForReading(deps, url), copy, stamp: seen };
  };
  let current = await open();
  return {
    log: async () => {
      if (current.copy && (writerOpen() || stamp() !== current.stamp)) {
        const next = await open();
        await current.database.close();
        current = next;
      }
      return new SqlOutboxLog(current.database.db);
    },
    close: () => current.database.close(),
  };
}

function sqliteFile(url: string): string | null {
  const target = parseDatabaseUrl(url);
  return target.dialect === 'sqlite' && target.path !== ':memory:' ? resolve(target.path) : null;
}
