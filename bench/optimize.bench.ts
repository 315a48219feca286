import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { queueCase, QUEUE_URL } from './optimize/queue-case.js';
import type { BenchResult } from './result.js';

const CASE = '100 pairs x 10,000 1m candles';
// 32: with 16 the timed part took 2-4 s and the 2-worker speed-up spread from 1.39 to 1.76 between runs
const TRIALS = 32;

interface CaseRun {
  workers: number;
  trials: number;
  ms: number;
  trialsPerSecond: number;
  baselineRssMb: number;
  peakRssMb: number;
  sharedMb: number;
  scores: number[];
}

function runCase(workers: number): CaseRun {
  const script = fileURLToPath(new URL('./optimize/run-case.ts', import.meta.url));
  const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', script, String(workers), String(TRIALS)], { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(out.trim().split('\n').at(-1) as string) as CaseRun;
}

/**
 * `dealbot optimize` on the backtest bench's largest market: trials per second with 1 and 2
 * worker threads (each case in a fresh process, after one warm-up trial per worker), and what
 * the second worker adds to the process's peak RSS while the trials run. The candles are shared
 * memory: a worker that copied them would add their size on its own.
 */
export default async function optimizeBench(): Promise<BenchResult[]> {
  const one = runCase(1);
  const two = runCase(2);
  if (JSON.stringify(one.scores) !== JSON.stringify(two.scores)) throw new Error('the study with 2 workers scored its trials differently from the one with 1');
  const speed = (run: CaseRun, note: string, reference?: CaseRun): BenchResult => ({
    suite: 'optimize',
    name: `${CASE}, ${run.workers} worker${run.workers > 1 ? 's' : ''}`,
    value: run.trialsPerSecond,
    unit: 'trials/s',
    ...(reference && { reference: { name: '1 worker', value: reference.trialsPerSecond }, ratio: run.trialsPerSecond / reference.trialsPerSecond }),
    note,
  });
  const queued = await queueCase(2, TRIALS);
  if (JSON.stringify(queued.scores) !== JSON.stringify(one.scores)) throw new Error('the study through the queue scored its trials differently from the one on 1 worker thread');
  return [
    speed(one, `${TRIALS} random trials in ${(one.ms / 1000).toFixed(1)} s, after 1 warm-up trial`),
    speed(two, `speed-up in ratio, target >= 1.7 on 2 cores; ${TRIALS} trials in ${(two.ms / 1000).toFixed(1)} s, the same scores as with 1 worker`, one),
    {
      suite: 'optimize',
      name: `${CASE}: RSS per added worker`,
      value: two.peakRssMb - one.peakRssMb,
      unit: 'MB',
      note: `target <= 60 MB; peak process RSS while the trials run: ${one.peakRssMb.toFixed(0)} MB with 1 worker, ${two.peakRssMb.toFixed(0)} MB with 2 (the shared candles: ${one.sharedMb.toFixed(0)} MB, once)`,
    },
    {
      suite: 'optimize',
      name: `${CASE}, through the queue on 2 worker processes`,
      value: queued.trialsPerSecond,
      unit: 'trials/s',
      reference: { name: '1 worker thread', value: one.trialsPerSecond },
      ratio: queued.trialsPerSecond / one.trialsPerSecond,
      note: `dealbot optimize --queue (${QUEUE_URL}) with 2 dealbot worker processes started before, trials stored in one SQLite file: the whole study's wall time, ${TRIALS} trials in ${(queued.ms / 1000).toFixed(1)} s, each worker compiling on its first trial and reading the candles itself; the same scores as on 1 thread`,
    },
  ];
}
