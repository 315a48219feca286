import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { parseDatabaseUrl, redactUrl } from '../../../src/infrastructure/persistence/sql/index.js';
import { createPostgresTestSchema, POSTGRES_TEST_URL, postgresService, serviceAvailable } from '../../support/services.js';

const MAIN = resolve(import.meta.dirname, '../../../src/main.ts');
const TSX = import.meta.resolve('tsx');
const START_LINE = /^dealbot: paper trading .*; state in .*; Ctrl-C stops$/m;
/** How the refusal names the test database: the URL without schema or password. */
const PG_LOCATION = redactUrl((parseDatabaseUrl(POSTGRES_TEST_URL) as { connectionString: string }).connectionString);
const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const ISO_SECOND = '\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ';

interface Running {
  readonly child: ChildProcess;
  readonly pid: number;
  /** Resolves with the milliseconds from spawn to the start line; rejects if the process ends first. */
  readonly started: Promise<number>;
  readonly exited: Promise<{ code: number | null; stdout: string; stderr: string }>;
}

/**
 * `dealbot ...` as a real process. The working folder is a fresh one, so files a run keeps
 * beside itself (the PostgreSQL run's paper account under ./data) stay out of the project.
 */
function dealbot(args: readonly string[], cwd: string): Running {
  const child = spawn(process.execPath, ['--import', TSX, MAIN, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  const spawnedAt = Date.now();
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = once(child, 'close').then(([code]) => ({ code: code as number | null, stdout, stderr }));
  const started = new Promise<number>((done, fail) => {
    const look = (): void => {
      if (START_LINE.test(stdout)) done(Date.now() - spawnedAt);
    };
    child.stdout?.on('data', look);
    void exited.then((end) => fail(new Error(`dealbot ${args.join(' ')} ended (${end.code}) before its start line: ${end.stderr}`)));
  });
  started.catch(() => {}); // awaited only by the runs expected to start
  return { child, pid: child.pid ?? -1, started, exited };
}

const postgresUp = await serviceAvailable(postgresService());
const LONG_RUN = ['run', '--candles', '100000', '--pace', '50', '-q'];

/**
 * The scenario of the issue on one database: a second run is refused in one line naming the
 * first; read-only commands work meanwhile; after kill -9 of the first a new run starts at once;
 * SIGTERM releases the lock.
 */
async function oneRunPerDatabase(database: string, refusal: (firstPid: number) => RegExp): Promise<void> {
  const cwd = mkdtempSync(join(tmpdir(), 'dealbot-lock-e2e-'));
  const first = dealbot([...LONG_RUN, '--database', database], cwd);
  try {
    await first.started;

    const second = await dealbot(['run', '--candles', '50', '--pace', '0', '-q', '--database', database], cwd).exited;
    expect(second.code).toBe(1);
    expect(second.stdout).toBe('');
    expect(second.stderr).toMatch(refusal(first.pid));
    expect(second.stderr.split('\n')).toHaveLength(2); // one line and its newline

    const deals = await dealbot(['deals', 'list', '--database', database], cwd).exited;
    expect(deals.stderr).toBe('');
    expect(deals.code).toBe(0);
    const status = await dealbot(['db', 'status', '--database', database], cwd).exited;
    expect(status.stderr).toBe('');
    expect(status.code).toBe(0);
  } finally {
    first.child.kill('SIGKILL');
    await first.exited;
  }

  const restarted = dealbot([...LONG_RUN, '--database', database], cwd);
  try {
    expect(await restarted.started).toBeLessThan(5_000);
  } finally {
    restarted.child.kill('SIGTERM');
  }
  const end = await restarted.exited;
  expect(end.stderr).toBe('');
  expect(end.code).toBe(0);
  expect(end.stdout).toMatch(/^Stopped after \d+ candles per pair\.$/m);

  // SIGTERM released it: the next run goes through to its summary.
  const after = await dealbot(['run', '--candles', '30', '--pace', '0', '-q', '--database', database], cwd).exited;
  expect(after.stderr).toBe('');
  expect(after.code).toBe(0);
}

describe('dealbot run: one run per database', () => {
  it('SQLite: the second run is refused naming the first, deals list works meanwhile, a kill -9 never blocks the next start', { timeout: 120_000 }, async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'dealbot-lock-db-')), 'bot.db');
    await oneRunPerDatabase(
      `sqlite:${file}`,
      (pid) => new RegExp(`^dealbot: database sqlite:${escape(file)} is in use by another dealbot run \\(pid ${pid} on host ${hostname()}, prefix dlb-, started ${ISO_SECOND}\\); stop it first\\n$`),
    );
  });

  describe.skipIf(!postgresUp)('PostgreSQL', () => {
    it('the second run is refused naming the first, deals list works meanwhile, a kill -9 never blocks the next start', { timeout: 120_000 }, async () => {
      const { schema, drop } = await createPostgresTestSchema();
      try {
        await oneRunPerDatabase(
          `${POSTGRES_TEST_URL}?schema=${schema}`,
          (pid) => new RegExp(`^dealbot: database ${escape(PG_LOCATION)} \\(schema ${schema}\\) is in use by another dealbot run \\(pid ${pid} on host ${hostname()}, prefix dlb-, started ${ISO_SECOND}\\); stop it first\\n$`),
        );
      } finally {
        await drop();
      }
    });

    it('a run whose lock session is ended under it says so on stderr and stops as on SIGTERM', { timeout: 120_000 }, async () => {
      const { schema, drop } = await createPostgresTestSchema();
      const cwd = mkdtempSync(join(tmpdir(), 'dealbot-lock-e2e-'));
      const run = dealbot([...LONG_RUN, '--database', `${POSTGRES_TEST_URL}?schema=${schema}`], cwd);
      try {
        await run.started;
        const admin = new pg.Client({ connectionString: POSTGRES_TEST_URL });
        await admin.connect();
        try {
          const { rows } = await admin.query<{ ended: boolean }>('select pg_terminate_backend(pid) as ended from pg_stat_activity where application_name like $1', [`dealbot ${run.pid} %`]);
          expect(rows).toEqual([{ ended: true }]);
        } finally {
          await admin.end();
        }
        const end = await run.exited;
        expect(end.stderr).toMatch(/^dealbot: lost the instance lock \(.+\); stopping\n$/);
        expect(end.stdout).toMatch(/^Stopped after \d+ candles per pair\.$/m);
      } finally {
        run.child.kill('SIGKILL');
        await run.exited;
        await drop();
      }
    });
  });
});
