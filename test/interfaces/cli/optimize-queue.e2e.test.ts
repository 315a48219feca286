import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../support/cli.js';
import { dealbot } from '../../support/optimize-cli.js';
import { optimizeFixture } from '../../support/optimize-fixture.js';
import { createPostgresTestSchema, POSTGRES_TEST_URL, postgresService, redisService, REDIS_TEST_URL, serviceAvailable } from '../../support/services.js';

interface StudyJson {
  study: string;
  completed: number;
  trials: { index: number; values: unknown; status: string; score: number | null; figures?: unknown }[];
}

/** A `dealbot worker` child process, its stderr kept. */
interface WorkerProcess {
  readonly child: ChildProcess;
  stderr(): string;
  /** Resolves with the first match of `pattern` in its stderr. */
  waitFor(pattern: RegExp): Promise<RegExpExecArray>;
}

const up = (await serviceAvailable(redisService())) && (await serviceAvailable(postgresService()));

describe.skipIf(!up)('dealbot optimize --queue with dealbot worker processes (Redis, PostgreSQL)', () => {
  let fixture: Awaited<ReturnType<typeof optimizeFixture>>;
  let database = '';
  let drop: () => Promise<void> = async () => {};
  const workers: WorkerProcess[] = [];
  const queues: string[] = [];
  const queueName = (): string => {
    const name = `dealbot-test-${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
    queues.push(name);
    return name;
  };

  const startWorker = (queue: string, lockMs = 30_000, at: string = database): WorkerProcess => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/main.ts'), 'worker', '--queue', REDIS_TEST_URL, '--queue-name', queue, '--database', at, '--lock-ms', String(lockMs)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    const watchers: (() => void)[] = [];
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      for (const w of [...watchers]) w();
    });
    child.stdout!.resume();
    const worker: WorkerProcess = {
      child,
      stderr: () => stderr,
      waitFor: (pattern) =>
        new Promise((resolve, reject) => {
          const check = (): void => {
            const match = pattern.exec(stderr);
            if (match !== null) resolve(match);
          };
          watchers.push(check);
          child.once('exit', () => reject(new Error(`worker exited before ${pattern}: ${stderr}`)));
          check();
        }),
    };
    workers.push(worker);
    return worker;
  };
  const stopWorker = (worker: WorkerProcess): Promise<number | null> =>
    new Promise((resolve) => {
      if (worker.child.exitCode !== null || worker.child.signalCode !== null) return resolve(worker.child.exitCode);
      worker.child.once('exit', (code) => resolve(code));
      worker.child.kill('SIGINT');
    });

  beforeAll(async () => {
    fixture = await optimizeFixture({ pairs: 1, candles: 3000 });
    const created = await createPostgresTestSchema();
    drop = created.drop;
    database = `${POSTGRES_TEST_URL}?schema=${created.schema}`;
  });
  afterEach(async () => {
    await Promise.all(workers.splice(0).map(stopWorker));
  });
  afterAll(async () => {
    await drop();
  });
  afterAll(async () => {
    // the test queues' keys leave Redis with them
    for (const name of queues.splice(0)) {
      const queue = new Queue(name, { connection: { url: REDIS_TEST_URL } });
      try {
        await queue.obliterate({ force: true });
      } finally {
        await queue.close();
      }
    }
  }, 60_000);

  const study = (id: string, ...more: string[]): string[] => ['optimize', '-c', fixture.config, '--data-dir', fixture.dataDir, '--database', database, '--study', id, '--sampler', 'tpe', '--trials', '12', '--json', ...more];
  const trialsOf = (stdout: string): StudyJson['trials'] => (JSON.parse(stdout) as StudyJson).trials;

  it('the same seed gives the same trials and results on 1 thread, on 2, and through the queue with two worker processes', async () => {
    const queue = queueName();
    const [a, b] = [startWorker(queue), startWorker(queue)];
    await Promise.all([a.waitFor(/taking trials/), b.waitFor(/taking trials/)]);
    const [one, two, queued] = await Promise.all([dealbot(study('one-thread', '--workers', '1')), dealbot(study('two-threads', '--workers', '2')), dealbot(study('queued', '--queue', REDIS_TEST_URL, '--queue-name', queue))]);
    for (const run of [one, two, queued]) expect(run.code, run.stderr).toBe(0);
    expect(trialsOf(one.stdout)).toHaveLength(12);
    expect(trialsOf(two.stdout)).toEqual(trialsOf(one.stdout));
    expect(trialsOf(queued.stdout)).toEqual(trialsOf(one.stdout));
    // the trials the config refuses never reach the queue; every other one ran on a worker, once
    const ran = [...(a.stderr() + b.stderr()).matchAll(/study queued trial (\d+) started/g)].map((m) => Number(m[1])).sort((x, y) => x - y);
    expect(ran).toEqual(trialsOf(one.stdout).filter((t) => t.status === 'ok').map((t) => t.index));
    expect(await Promise.all([stopWorker(a), stopWorker(b)])).toEqual([0, 0]);
  }, 240_000);

  it('a queued study stopped with Ctrl-C is resumed through the queue and equals the study on one thread', async () => {
    const queue = queueName();
    const worker = startWorker(queue);
    await worker.waitFor(/taking trials/);
    const queued = ['--queue', REDIS_TEST_URL, '--queue-name', queue];
    // without --json: the line that says Ctrl-C is heard is printed
    const stopped = await dealbot(study('stopped', ...queued, '--workers', '1').filter((a) => a !== '--json'), /Ctrl-C stops/);
    expect(stopped.code, stopped.stderr).toBe(130);
    expect(stopped.stdout).toMatch(/^\d+ of 12 trials done \(interrupted\)/m);
    const resumed = await dealbot(['optimize', '-c', fixture.config, '--database', database, '--resume', 'stopped', '--json', ...queued]);
    expect(resumed.code, resumed.stderr).toBe(0);
    const reference = await dealbot(study('stopped-reference', '--workers', '1'));
    expect(trialsOf(resumed.stdout)).toEqual(trialsOf(reference.stdout));
  }, 240_000);

  it('a trial its worker cannot run, or stores in another database, stops the study with one line naming it', async () => {
    const queue = queueName();
    const worker = startWorker(queue);
    await worker.waitFor(/taking trials/);
    const missing = join(fixture.dir, 'no-candles-here');
    const failed = await dealbot([...study('no-candles', '--queue', REDIS_TEST_URL, '--queue-name', queue, '--workers', '1'), '--data-dir', missing]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(new RegExp(`^dealbot: study no-candles: trial \\d+ failed on a worker: [^\\n]*no-candles-here[^\\n]*\\n$`));
    await stopWorker(worker);
    const elsewhere = startWorker(queue, 30_000, `sqlite:${join(fixture.dir, 'other.db')}`);
    await elsewhere.waitFor(/taking trials/);
    const lost = await dealbot(study('elsewhere', '--queue', REDIS_TEST_URL, '--queue-name', queue, '--workers', '1'));
    expect(lost.code).toBe(1);
    expect(lost.stderr).toMatch(/^dealbot: study elsewhere: trial \d+ failed on a worker: study elsewhere is not in the worker's database; give the workers the same --database as optimize\n$/);
  }, 240_000);

  it('a worker SIGKILLed mid-trial: the trial runs again on another worker, the study completes, the trial is stored once', async () => {
    const queue = queueName();
    const doomed = startWorker(queue, 1_000);
    await doomed.waitFor(/taking trials/);
    const running = dealbot(study('killed', '--queue', REDIS_TEST_URL, '--queue-name', queue, '--workers', '1'));
    const index = Number((await doomed.waitFor(/study killed trial (\d+) started/))[1]);
    doomed.child.kill('SIGKILL');
    const rescuer = startWorker(queue, 1_000);
    const run = await running;
    expect(run.code, run.stderr).toBe(0);
    expect(rescuer.stderr()).toContain(`study killed trial ${index} started`);
    const reference = await dealbot(study('reference', '--workers', '1'));
    expect(trialsOf(run.stdout)).toEqual(trialsOf(reference.stdout));
    const client = new pg.Client({ connectionString: POSTGRES_TEST_URL });
    await client.connect();
    try {
      const schema = new URL(database).searchParams.get('schema');
      const { rows } = await client.query(`select trial_index, count(*)::int as n from ${schema}.study_trials where study_id = 'killed' group by trial_index order by trial_index`);
      expect(rows.map((r: { n: number }) => r.n)).toEqual(Array(12).fill(1));
    } finally {
      await client.end();
    }
  }, 240_000);
});
