import { afterEach, describe, expect, it } from 'vitest';
import { workerEntry } from '../../../src/infrastructure/workers/worker-entry.js';
import { WorkerPool, WorkerTaskError } from '../../../src/infrastructure/workers/worker-pool.js';

/**
 * A worker thread that doubles numbers, throws on a negative one, waits on "slow", and ends its
 * thread (exit code 3) on "die": the pool's protocol, run in real threads.
 */
const DOUBLER = {
  code: `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', ({ id, task }) => {
  if (task === 'die') process.exit(3);
  if (task === 'slow') return setTimeout(() => parentPort.postMessage({ id, ok: true, value: 'slow' }), 300);
  if (task < 0) return parentPort.postMessage({ id, ok: false, error: 'negative: ' + task });
  parentPort.postMessage({ id, ok: true, value: task * 2 });
});`,
};

describe('WorkerPool', () => {
  const pools: WorkerPool<unknown, unknown>[] = [];
  const pool = (size: number): WorkerPool<unknown, unknown> => {
    const p = new WorkerPool<unknown, unknown>(DOUBLER, size, null);
    pools.push(p);
    return p;
  };
  afterEach(async () => {
    await Promise.all(pools.splice(0).map((p) => p.close()));
  });

  it('answers every task, more tasks than workers waiting their turn', async () => {
    const p = pool(2);
    expect(await Promise.all([1, 2, 3, 4, 5].map((n) => p.run(n)))).toEqual([2, 4, 6, 8, 10]);
  });

  it('a task that throws rejects with WorkerTaskError and its worker takes the next task', async () => {
    const p = pool(1);
    const failed = p.run(-1);
    const next = p.run(21);
    await expect(failed).rejects.toThrow(new WorkerTaskError('negative: -1'));
    expect(await next).toBe(42);
  });

  it('a worker that dies fails its task; the other goes on; with none left, waiting tasks are refused', async () => {
    const p = pool(2);
    const died = p.run('die');
    await expect(died).rejects.toThrow('worker thread exited with code 3');
    expect(await p.run(5)).toBe(10);
    const last = p.run('die');
    await expect(last).rejects.toThrow('worker thread exited with code 3');
    await expect(p.run(1)).rejects.toThrow('every worker thread of the pool has stopped');
  });

  it('close refuses the running and the waiting tasks', async () => {
    const p = pool(1);
    const running = p.run('slow');
    const waiting = p.run(1);
    const outcomes = Promise.allSettled([running, waiting]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await p.close();
    const reasons = (await outcomes).map((o) => (o.status === 'rejected' ? (o.reason as Error).message : o.value));
    expect(reasons).toEqual(['the worker pool is closed', 'the worker pool is closed']);
    await expect(p.run(1)).rejects.toThrow('the worker pool is closed');
  });

  it('refuses a pool of no workers', () => {
    expect(() => new WorkerPool(DOUBLER, 0, null)).toThrow('a worker pool needs at least 1 worker, got 0');
  });
});

describe('workerEntry', () => {
  it('compiled: the .js module beside the base module; from the sources: the .ts module through tsx', () => {
    expect(workerEntry('file:///app/dist/main.js', 'main/optimize-worker')).toEqual({ file: new URL('file:///app/dist/main/optimize-worker.js') });
    const dev = workerEntry('file:///app/src/main.ts', 'main/optimize-worker');
    if (!('code' in dev)) throw new Error('a .ts base starts the worker through code');
    expect(dev.code).toContain('"file:///app/src/main/optimize-worker.ts"');
    expect(dev.code).toMatch(/import\("file:\/\/\/.*\/tsx\/dist\/esm\/api\/index\.mjs"\)\.then\(\(tsx\) => tsx\.register\(\)\)/);
  });
});
