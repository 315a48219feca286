import { closeSync, existsSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { DatabaseOpenError, messageOf } from './database.errors.js';

export type SqliteHandle = BetterSqlite3.Database;

const HEADER = Buffer.from('SQLite format 3\0', 'latin1');
export const BUSY_TIMEOUT_MS = 5_000;

/**
 * Opens a SQLite file without writing to it: creates the folder and the file when missing,
 * refuses a file that is not SQLite. WAL is switched on later, by enableWal, once the
 * schema has been checked.
 */
export function openSqliteFile(path: string, location: string): SqliteHandle {
  if (path === ':memory:') return configure(new BetterSqlite3(':memory:'), location);
  const file = resolve(path);
  const folder = dirname(file);
  if (!existsSync(folder)) {
    try {
      mkdirSync(folder, { recursive: true });
    } catch (error) {
      throw new DatabaseOpenError('DIRECTORY', `cannot create the folder "${folder}" for the database ${location}: ${messageOf(error)}`);
    }
  } else if (!statSync(folder).isDirectory()) {
    throw new DatabaseOpenError('DIRECTORY', `cannot use ${location}: "${folder}" is not a folder`);
  }
  if (existsSync(file)) checkHeader(file, location);
  let handle: SqliteHandle;
  try {
    handle = new BetterSqlite3(file);
  } catch (error) {
    throw new DatabaseOpenError('DIRECTORY', `cannot open the database file ${location}: ${messageOf(error)}`);
  }
  return configure(handle, location);
}

/** WAL lets readers on other connections go on while one connection writes. */
export function enableWal(handle: SqliteHandle): void {
  if (handle.memory) return;
  handle.pragma('journal_mode = WAL');
}

/** Maps SQLite's "not a database" and "malformed" errors to one line naming the file. */
export function sqliteOpenError(error: unknown, location: string): unknown {
  const code = (error as { code?: unknown }).code;
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
    return new DatabaseOpenError('NOT_SQLITE', `${location} is not a SQLite database or is corrupted (${messageOf(error)})`);
  }
  return error;
}

function configure(handle: SqliteHandle, location: string): SqliteHandle {
  try {
    handle.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    handle.pragma('foreign_keys = ON');
    // Every commit reaches the disk: an order written ahead must survive a power cut too.
    handle.pragma('synchronous = FULL');
    return handle;
  } catch (error) {
    handle.close();
    throw sqliteOpenError(error, location);
  }
}

function checkHeader(file: string, location: string): void {
  const stat = statSync(file);
  if (stat.isDirectory()) throw new DatabaseOpenError('NOT_SQLITE', `${location} is a folder, not a SQLite database file`);
  if (stat.size === 0) return;
  const head = Buffer.alloc(HEADER.length);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, head, 0, HEADER.length, 0);
  } finally {
    closeSync(fd);
  }
  if (!head.equals(HEADER)) throw new DatabaseOpenError('NOT_SQLITE', `${location} is not a SQLite database or is corrupted (its header is wrong)`);
}
