import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireInstanceLock, InstanceLockedError, type InstanceLock } from '../../../../src/infrastructure/persistence/instance-lock/index.js';
import { sqliteLockFiles } from '../../../../src/infrastructure/persistence/instance-lock/sqlite.instance-lock.js';
import { openDatabase, type SqlDatabase } from '../../../../src/infrastructure/persistence/sql/index.js';
import { killHard, lockInChild, type LockChild } from './lock-child.js';

const ISO_SECOND = '\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ';

function freshUrl(): string {
  return `sqlite:${join(mkdtempSync(join(tmpdir(), 'dealbot-lock-')), 'bot.db')}`;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Opens the database and takes its lock in this process; both are undone after the test. */
async function lockHere(url: string, prefix = 'dlb-'): Promise<{ database: SqlDatabase; lock: InstanceLock }> {
  const database = await openDatabase(url);
  cleanups.push(() => database.close());
  const lock = await acquireInstanceLock(url, database, prefix);
  cleanups.push(() => lock.release());
  return { database, lock };
}

async function refusalHere(url: string): Promise<InstanceLockedError> {
  const database = await openDatabase(url);
  cleanups.push(() => database.close());
  const error = await acquireInstanceLock(url, database, 'dlb-').then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InstanceLockedError);
  return error as InstanceLockedError;
}

function child(c: LockChild): LockChild {
  cleanups.push(async () => {
    if (c.process.exitCode === null && c.process.signalCode === null) await killHard(c);
  });
  return c;
}

describe('SQLite instance lock', () => {
  it('refuses a second process, naming the holder\'s pid, host, prefix and start; free at once after the holder is SIGKILLed', async () => {
    const url = freshUrl();
    const holder = child(await lockInChild(url, 'abc-'));
    expect(holder.answer).toEqual({ locked: true });

    const refused = await refusalHere(url);
    expect(refused.message).toMatch(new RegExp(`^database sqlite:\\S+/bot\\.db is in use by another dealbot run \\(pid ${holder.pid} on host ${hostname()}, prefix abc-, started ${ISO_SECOND}\\); stop it first$`));
    expect(refused.message).not.toContain('\n');

    await killHard(holder);
    const started = Date.now();
    await lockHere(url); // one attempt, no waiting: the kernel dropped the dead process's lock
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('refuses a child while this process holds the lock, and lets it in once released', async () => {
    const url = freshUrl();
    const { lock } = await lockHere(url, 'xyz-');
    const refused = child(await lockInChild(url));
    expect(refused.answer.refused).toMatch(new RegExp(`\\(pid ${process.pid} on host ${hostname()}, prefix xyz-, started ${ISO_SECOND}\\)`));
    expect((await refused.exited).code).toBe(1);

    await lock.release();
    const next = child(await lockInChild(url));
    expect(next.answer).toEqual({ locked: true });
  });

  it('a SIGTERMed holder releases the lock and removes the file naming it', async () => {
    const url = freshUrl();
    const holder = child(await lockInChild(url));
    const files = sqliteLockFiles(url.slice('sqlite:'.length));
    expect(JSON.parse(readFileSync(files.holder, 'utf8'))).toMatchObject({ pid: holder.pid, host: hostname(), botPrefix: 'dlb-' });
    holder.process.kill('SIGTERM');
    expect((await holder.exited).code).toBe(0);
    expect(existsSync(files.holder)).toBe(false);
    expect(existsSync(files.lock)).toBe(true); // never deleted: see sqlite.instance-lock.ts
    await lockHere(url);
  });

  it('two acquisitions in one process: the second is refused, naming this process', async () => {
    const url = freshUrl();
    await lockHere(url);
    expect((await refusalHere(url)).message).toContain(`(pid ${process.pid} on host ${hostname()}`);
    // The refused connection has closed its descriptor of the lock file: POSIX would drop every
    // lock this process holds on the file, but SQLite keeps them. Another process is still refused.
    const other = child(await lockInChild(url));
    expect(other.answer.refused).toContain(`(pid ${process.pid} on host ${hostname()}`);
  });

  it('reads past a holder file that names a dead process on this host until the live holder has written its own', async () => {
    const url = freshUrl();
    await lockHere(url, 'new-');
    const files = sqliteLockFiles(url.slice('sqlite:'.length));
    const mine = readFileSync(files.holder, 'utf8');
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    // As if the lock had just passed from a killed run to this one, before this one named itself.
    writeFileSync(files.holder, JSON.stringify({ pid: dead, host: hostname(), startedAt: '2026-01-01T00:00:00Z', botPrefix: 'old-' }));
    const refusal = refusalHere(url);
    await delay(200);
    writeFileSync(files.holder, mine);
    const message = (await refusal).message;
    expect(message).toContain(`pid ${process.pid} on host ${hostname()}, prefix new-`);
    expect(message).not.toContain(`pid ${dead} `);
  });

  it('sqlite::memory: takes no lock: every process has its own', async () => {
    await lockHere('sqlite::memory:');
    await lockHere('sqlite::memory:');
  });

  it('resolves the path: ./x.db and an absolute path to the same file share one lock', async () => {
    const url = freshUrl();
    await lockHere(url);
    const dir = url.slice('sqlite:'.length, -'/bot.db'.length);
    const relative = spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), join(import.meta.dirname, 'hold-lock.child.ts'), 'sqlite:./bot.db'], { cwd: dir, encoding: 'utf8', timeout: 30_000 });
    expect(relative.stdout).toContain('"refused"');
    expect(relative.status).toBe(1);
  });
});
