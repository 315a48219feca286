import { hostname } from 'node:os';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireInstanceLock, InstanceLockedError, type InstanceLock } from '../../../../src/infrastructure/persistence/instance-lock/index.js';
import { applicationName, instanceLockKey } from '../../../../src/infrastructure/persistence/instance-lock/postgres.instance-lock.js';
import { openDatabase, parseDatabaseUrl, redactUrl } from '../../../../src/infrastructure/persistence/sql/index.js';
import { createPostgresTestSchema, POSTGRES_TEST_URL, postgresService, serviceAvailable } from '../../../support/services.js';
import { killHard, lockInChild, type LockChild } from './lock-child.js';

/** How the refusal names the test database: the URL without schema or password. */
const PG_LOCATION = redactUrl((parseDatabaseUrl(POSTGRES_TEST_URL) as { connectionString: string }).connectionString);
const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const ISO_SECOND = '\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ';
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function freshSchemaUrl(): Promise<{ url: string; schema: string }> {
  const { schema, drop } = await createPostgresTestSchema();
  cleanups.push(drop);
  return { url: `${POSTGRES_TEST_URL}?schema=${schema}`, schema };
}

async function attempt(url: string, prefix = 'dlb-', onLost: (error: Error) => void = () => {}): Promise<InstanceLock | InstanceLockedError> {
  const database = await openDatabase(url);
  cleanups.push(() => database.close());
  try {
    const lock = await acquireInstanceLock(url, database, prefix, onLost);
    cleanups.push(() => lock.release());
    return lock;
  } catch (error) {
    if (error instanceof InstanceLockedError) return error;
    throw error;
  }
}

function refusal(result: InstanceLock | InstanceLockedError): InstanceLockedError {
  expect(result).toBeInstanceOf(InstanceLockedError);
  return result as InstanceLockedError;
}

function held(result: InstanceLock | InstanceLockedError): InstanceLock {
  expect(result).not.toBeInstanceOf(InstanceLockedError);
  return result as InstanceLock;
}

function child(c: LockChild): LockChild {
  cleanups.push(async () => {
    if (c.process.exitCode === null && c.process.signalCode === null) await killHard(c);
  });
  return c;
}

async function admin<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: POSTGRES_TEST_URL });
  client.on('error', () => {});
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

describe.skipIf(!(await serviceAvailable(postgresService())))('PostgreSQL instance lock', () => {
  it('refuses a second process, naming the holder\'s pid, host, prefix and start; free at once after the holder is SIGKILLed', async () => {
    const { url, schema } = await freshSchemaUrl();
    const holder = child(await lockInChild(url, 'abc-'));
    expect(holder.answer).toEqual({ locked: true });

    const refused = refusal(await attempt(url));
    expect(refused.message).toMatch(
      new RegExp(`^database ${escape(PG_LOCATION)} \\(schema ${schema}\\) is in use by another dealbot run \\(pid ${holder.pid} on host ${hostname()}, prefix abc-, started ${ISO_SECOND}\\); stop it first$`),
    );

    await killHard(holder);
    // The server sees the closed socket and ends the session, and the session's locks with it.
    const started = Date.now();
    let result = await attempt(url);
    while (result instanceof InstanceLockedError && Date.now() - started < 5_000) result = await attempt(url);
    held(result);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('refuses a child while this process holds the lock, and lets it in once released', async () => {
    const { url } = await freshSchemaUrl();
    const lock = held(await attempt(url, 'xyz-'));
    const refused = child(await lockInChild(url));
    expect(refused.answer.refused).toMatch(new RegExp(`\\(pid ${process.pid} on host ${hostname()}, prefix xyz-, started ${ISO_SECOND}\\)`));
    expect((await refused.exited).code).toBe(1);
    await lock.release();
    expect(child(await lockInChild(url)).answer).toEqual({ locked: true });
  });

  it('one run per schema: another schema of the same database is free, another prefix on the same schema is refused', async () => {
    const first = await freshSchemaUrl();
    const second = await freshSchemaUrl();
    held(await attempt(first.url, 'aaa-'));
    held(await attempt(second.url, 'aaa-'));
    // Deals are not kept per prefix: a second prefix would work the first run's deals.
    expect(refusal(await attempt(first.url, 'bbb-')).message).toContain(`prefix aaa-`);
  });

  it('a SIGTERMed holder releases the lock', async () => {
    const { url } = await freshSchemaUrl();
    const holder = child(await lockInChild(url));
    holder.process.kill('SIGTERM');
    expect((await holder.exited).code).toBe(0);
    held(await attempt(url));
  });

  it('tells the run when the lock\'s session is ended under it', async () => {
    const { url } = await freshSchemaUrl();
    const lost: Error[] = [];
    held(await attempt(url, 'dlb-', (error) => lost.push(error)));
    const name = applicationName({ pid: process.pid, host: hostname(), botPrefix: 'dlb-', startedAt: '' });
    const ended = await admin<{ ended: boolean }>('select pg_terminate_backend(pid) as ended from pg_stat_activity where application_name = $1', [name.slice(0, 63)]);
    expect(ended).toEqual([{ ended: true }]);
    for (let i = 0; i < 100 && lost.length === 0; i++) await new Promise((done) => setTimeout(done, 20));
    expect(lost).toHaveLength(1);
    // And a new run may take the database at once.
    held(await attempt(url));
  });

  it('keys the lock by database and schema, the same in every process and version', () => {
    // Pinned: a key that changed between versions would let an old and a new run share a database.
    expect(instanceLockKey('test', 'public')).toBe(307697871893930714n);
    expect(instanceLockKey('test', 'other')).not.toBe(instanceLockKey('test', 'public'));
    expect(instanceLockKey('prod', 'public')).not.toBe(instanceLockKey('test', 'public'));
    // The separator keeps ("ab", "c") and ("a", "bc") apart.
    expect(instanceLockKey('ab', 'c')).not.toBe(instanceLockKey('a', 'bc'));
  });
});
