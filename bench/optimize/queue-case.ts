// The optimize bench through the queue: the same study as the worker-thread cases (100 pairs x
// 10,000 1m candles, the same three parameters, random, seed 1), run by `dealbot optimize --queue`
// on two `dealbot worker` processes (the installed bundle/main.js), through the Redis on this
// machine, the trials stored in one SQLite file. Whole wall time of the study, the workers
// started (and idle) before it; each worker compiles on its first trial, as on a real machine.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { writeStore } from '../backtest/stored-market.js';
import { benchConfig, syntheticMarket } from '../backtest/synthetic-market.js';

export const QUEUE_URL = process.env['BENCH_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

export interface QueueRun {
  readonly workers: number;
  readonly trials: number;
  readonly ms: number;
  readonly trialsPerSecond: number;
  readonly scores: (number | null)[];
}

const bin = fileURLToPath(new URL('../../bundle/main.js', import.meta.url));

/** Runs the study through the queue on `workers` worker processes; throws with their output when a process fails. */
export async function queueCase(workers: number, trials: number): Promise<QueueRun> {
  const dir = mkdtempSync(join(tmpdir(), 'dealbot-bench-queue-'));
  const children: ChildProcess[] = [];
  try {
    const market = syntheticMarket(100, 10_000);
    const dataDir = join(dir, 'candles');
    await writeStore(dataDir, market);
    const optimize = {
      objective: 'profit',
      minTrades: 0,
      sampler: 'random',
      trials,
      seed: 1,
      parameters: {
        'strategy.macdFast': { int: [8, 14], step: 1 },
        'pairs.*.profitMarkup': { decimal: ['0.003', '0.008'], step: '0.001' },
        'strategy.rsiBuyBelow': { choice: [40, 50, 60] },
      },
    };
    const configPath = join(dir, 'bench.yaml');
    writeFileSync(configPath, stringify({ ...benchConfig(Object.keys(market)), optimize }));
    const database = `sqlite:${join(dir, 'studies.db')}`;
    const queueName = `dealbot-bench-${process.pid}`;
    let output = '';
    for (let i = 0; i < workers; i += 1) {
      const child = spawn(bin, ['worker', '--queue', QUEUE_URL, '--queue-name', queueName, '--database', database], { stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      children.push(child);
    }
    const start = performance.now();
    const run = spawnSync(bin, ['optimize', '-c', configPath, '--data-dir', dataDir, '--queue', QUEUE_URL, '--queue-name', queueName, '--database', database, '--json', '--no-progress'], { encoding: 'utf8', maxBuffer: 64 << 20 });
    const ms = performance.now() - start;
    if (run.status !== 0) throw new Error(`dealbot optimize --queue exited ${String(run.status)}: ${run.stderr}\nworkers:\n${output}`);
    const study = JSON.parse(run.stdout) as { trials: { status: string; score: number | null; reason?: string }[] };
    const failed = study.trials.filter((t) => t.status !== 'ok');
    if (failed.length > 0) throw new Error(`${failed.length} queued trials failed: ${failed[0]!.reason ?? ''}`);
    return { workers, trials, ms, trialsPerSecond: (trials / ms) * 1000, scores: study.trials.map((t) => t.score) };
  } finally {
    for (const child of children) child.kill('SIGINT');
    await Promise.all(children.map((child) => (child.exitCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', resolve)))));
    rmSync(dir, { recursive: true, force: true });
  }
}
