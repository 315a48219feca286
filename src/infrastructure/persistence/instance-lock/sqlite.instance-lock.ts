import { existsSync, readFileSync, realpathSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import BetterSqlite3 from 'better-sqlite3';
import { DatabaseOpenError, messageOf } from '../sql/database.errors.js';
import { describeHolder, InstanceLockedError, type InstanceHolder, type InstanceLock } from './instance-lock.js';

/** The lock file beside the database (through any symlink: one file, one lock), and the file naming its holder. */
export function sqliteLockFiles(databaseFile: string): { readonly lock: string; readonly holder: string } {
  const lock = `${existsSync(databaseFile) ? realpathSync(databaseFile) : resolve(databaseFile)}.lock`;
  return { lock, holder: `${lock}.json` };
}

/**
 * The lock is an open `BEGIN EXCLUSIVE` transaction on `<file>.lock`, a second, empty SQLite
 * database: SQLite holds it as a POSIX record lock, which the kernel drops when the process
 * dies, even on SIGKILL. The lock file itself is never deleted (a process that opened it just
 * before the unlink would lock a file nobody else sees). Readers of the main database are not
 * affected: it is another file. The holder is named in `<file>.lock.json`, written once the
 * lock is held; nothing in this process may open the lock file other than through SQLite,
 * since closing any descriptor of it would drop the process's POSIX locks.
 */
export async function acquireSqliteLock(databaseFile: string, location: string, holder: InstanceHolder): Promise<InstanceLock> {
  const files = sqliteLockFiles(databaseFile);
  let handle: BetterSqlite3.Database | null = null;
  try {
    // timeout 0: a held lock answers SQLITE_BUSY at once rather than after the busy timeout.
    handle = new BetterSqlite3(files.lock, { timeout: 0 });
    // No journal file beside the lock: the transaction never writes.
    handle.pragma('journal_mode = MEMORY');
    handle.exec('BEGIN EXCLUSIVE');
  } catch (error) {
    handle?.close();
    if ((error as { code?: unknown }).code === 'SQLITE_BUSY') throw new InstanceLockedError(location, await readHolder(files.holder));
    throw new DatabaseOpenError('DIRECTORY', `cannot take the instance lock ${files.lock} of ${location}: ${messageOf(error)}`);
  }
  const held = handle;
  try {
    writeHolder(files.holder, holder);
  } catch (error) {
    held.close();
    throw new DatabaseOpenError('DIRECTORY', `cannot write ${files.holder} for ${location}: ${messageOf(error)}`);
  }
  let released = false;
  return {
    release: () => {
      if (released) return Promise.resolve();
      released = true;
      // The holder file goes first, while the lock still makes it ours.
      try {
        unlinkSync(files.holder);
      } catch {
        // already gone: nothing names this process any more
      }
      held.close();
      return Promise.resolve();
    },
  };
}

/** Written beside, then renamed: a reader sees the old holder or the new one, never half. */
function writeHolder(path: string, holder: InstanceHolder): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(holder)}\n`);
  renameSync(temporary, path);
}

const HOLDER_WAIT_MS = 1_000;
const HOLDER_POLL_MS = 25;

/**
 * The holder's name, as the refused process reads it. The holder writes the file just after it
 * takes the lock, so for a moment the file may be missing or name a previous holder that has
 * died: on this host a dead pid is seen, and the read is retried for up to a second.
 */
async function readHolder(path: string): Promise<string> {
  const until = Date.now() + HOLDER_WAIT_MS;
  let holder: InstanceHolder | null = null;
  for (;;) {
    holder = parseHolder(path);
    if (holder && !(holder.host === hostname() && !isAlive(holder.pid))) return describeHolder(holder);
    if (Date.now() >= until) break;
    await delay(HOLDER_POLL_MS);
  }
  return holder ? `${describeHolder(holder)}, according to ${path}` : `its pid and host are not in ${path}`;
}

function parseHolder(path: string): InstanceHolder | null {
  try {
    const value = JSON.parse(readFileSync(path, 'utf8')) as Partial<InstanceHolder>;
    if (typeof value.pid !== 'number' || typeof value.host !== 'string' || typeof value.startedAt !== 'string' || typeof value.botPrefix !== 'string') return null;
    return { pid: value.pid, host: value.host, startedAt: value.startedAt, botPrefix: value.botPrefix };
  } catch {
    return null;
  }
}

/** Signal 0 checks that the process exists; EPERM means it exists under another user. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: unknown }).code === 'EPERM';
  }
}
