import { accessSync, closeSync, constants, existsSync, mkdirSync, openSync, readFileSync, readSync, statfsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { fsCause, fsErrorCode } from '../../shared/fs-error.js';
import { DatabaseOpenError, messageOf } from './database.errors.js';

export type SqliteHandle = BetterSqlite3.Database;

const HEADER = Buffer.from('SQLite format 3\0', 'latin1');
export const BUSY_TIMEOUT_MS = 5_000;

/**
 * Opens a SQLite file without writing to it: creates the folder and the file when missing,
 * refuses a file that is not SQLite. WAL is switched on later, by enableWal, once the
 * schema has been checked. `readOnly` creates nothing: a missing file is refused naming it.
 */
export function openSqliteFile(path: string, location: string, options: { readonly readOnly?: boolean } = {}): SqliteHandle {
  if (path === ':memory:') return configure(new BetterSqlite3(':memory:'), location);
  const file = resolve(path);
  if (options.readOnly) return configure(openReadOnly(file, location), location);
  const folder = dirname(file);
  if (!existsSync(folder)) {
    try {
      mkdirSync(folder, { recursive: true });
    } catch (error) {
      throw new DatabaseOpenError('DIRECTORY', `cannot create the folder "${folder}" for the database ${location}: ${fsCause(error)}`);
    }
  } else if (!statSync(folder).isDirectory()) {
    throw new DatabaseOpenError('DIRECTORY', `cannot use ${location}: "${folder}" is not a folder`);
  }
  if (existsSync(file)) checkHeader(file, location);
  let handle: SqliteHandle;
  try {
    handle = new BetterSqlite3(file);
  } catch (error) {
    throw sqliteOpenError(error, location);
  }
  return configure(handle, location);
}

/**
 * A read-only view that creates no file. Opening a WAL database read-only makes SQLite create
 * its -wal and -shm files, so when no writer has them open (neither exists) the file is read
 * into memory instead: without a writer the main file holds every commit.
 */
function openReadOnly(file: string, location: string): SqliteHandle {
  try {
    statSync(file);
  } catch (error) {
    throw new DatabaseOpenError('MISSING', `${location} does not exist: ${fsCause(error)}; check the path, or create it with \`dealbot db migrate --database ${location}\``);
  }
  checkHeader(file, location);
  try {
    if (existsSync(`${file}-wal`) || existsSync(`${file}-shm`)) return new BetterSqlite3(file, { readonly: true, fileMustExist: true });
    const bytes = readFileSync(file);
    // Bytes 18-19 say "WAL"; an in-memory copy has no WAL, so it reads as a rollback-journal file.
    if (bytes.length >= 20) bytes.fill(1, 18, 20);
    return new BetterSqlite3(bytes);
  } catch (error) {
    throw sqliteOpenError(error, location);
  }
}

/** WAL lets readers on other connections go on while one connection writes. */
export function enableWal(handle: SqliteHandle): void {
  if (handle.memory) return;
  handle.pragma('journal_mode = WAL');
}

/**
 * Maps SQLite's "not a database" and "malformed" errors, and the errors of a write that could
 * not be made (full disk, no permission, read-only file), to one line naming the file and the
 * cause, e.g. `cannot write sqlite:/data/x.db: no space left on device (SQLITE_FULL)`.
 */
export function sqliteOpenError(error: unknown, location: string): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
    return new DatabaseOpenError('NOT_SQLITE', `${location} is not a SQLite database or is corrupted (${messageOf(error)})`);
  }
  if (typeof code === 'string' && /^SQLITE_(FULL|IOERR|READONLY|CANTOPEN|PERM)/.test(code)) {
    return new DatabaseOpenError('WRITE', `cannot write ${location}: ${writeCause(code, location)}`);
  }
  return error;
}

/** The reason behind a failed write, found on the file system: SQLite's own codes are vague. */
function writeCause(code: string, location: string): string {
  const file = location.startsWith('sqlite:/') ? location.slice('sqlite:'.length) : null;
  if (file === null) return code === 'SQLITE_FULL' ? `out of memory or space (${code})` : `SQLite error (${code})`;
  if (isFull(dirname(file))) return `no space left on device (${code})`;
  if (code === 'SQLITE_FULL') return `the database or disk is full (${code})`;
  const target = existsSync(file) ? file : dirname(file);
  try {
    accessSync(target, constants.W_OK);
  } catch (error) {
    return fsErrorCode(error) === 'ENOENT' ? `the folder ${dirname(file)} does not exist (${code})` : `${fsCause(error).replace(/ \(E[A-Z]+\)$/, '')} (${code})`;
  }
  if (code.startsWith('SQLITE_READONLY')) return `the database is read-only (${code})`;
  return `${code === 'SQLITE_CANTOPEN' ? 'cannot open the file' : 'disk I/O error'} (${code})`;
}

function isFull(folder: string): boolean {
  try {
    return statfsSync(folder).bavail === 0;
  } catch {
    return false;
  }
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
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    throw new DatabaseOpenError('DIRECTORY', `cannot read ${location}: ${fsCause(error)}`);
  }
  const head = Buffer.alloc(HEADER.length);
  try {
    readSync(fd, head, 0, HEADER.length, 0);
  } finally {
    closeSync(fd);
  }
  if (!head.equals(HEADER)) throw new DatabaseOpenError('NOT_SQLITE', `${location} is not a SQLite database or is corrupted (its header is wrong)`);
}
