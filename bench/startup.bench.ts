import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { measureInterleaved } from './measure.js';
import type { BenchResult } from './result.js';

const ROOT = resolve(import.meta.dirname, '..');
/** The installed command (package.json "bin"), run as npm links it: executed, its first line naming the interpreter. */
const BIN = join(ROOT, 'bundle', 'main.js');
const EXAMPLE = join(ROOT, 'config', 'backtest.example.yaml');
const RUNS = 5;

/** One whole process, as a user starts it; refused loudly if it fails (a fast failure is no figure). */
function run(command: string, args: readonly string[]): () => void {
  return () => {
    const child = spawnSync(command, args, { cwd: ROOT, encoding: 'utf8' });
    if (child.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${child.status}: ${child.stderr.trim()}`);
  };
}

/**
 * Start-up: the wall time of whole `dealbot` processes that do little (print help, check a
 * config), median of 5 spawned runs each, beside bare `node -e 0` spawned in the same rounds
 * (interleaved, after one untimed round, so load drift hits all alike). What remains above bare
 * Node is module loading: docs/architecture.md, "Lazy loading".
 */
export default async function startupBench(): Promise<BenchResult[]> {
  if (!existsSync(BIN)) throw new Error('bundle/ is not built: run `npm run build` (npm run bench does)');
  const cases = [
    { name: 'dealbot --help', args: ['--help'] },
    { name: 'dealbot backtest --help', args: ['backtest', '--help'] },
    { name: 'dealbot config check (example config)', args: ['config', 'check', '-c', EXAMPLE] },
  ];
  const [bare, ...timings] = measureInterleaved([run(process.execPath, ['-e', '0']), ...cases.map((c) => run(BIN, c.args))], RUNS, 1);
  const reference = { name: 'node -e 0', value: round(bare!.median) };
  const note = `whole process, spawned; median of ${RUNS} (best ${cases.map((c, i) => `${c.name.replace('dealbot ', '')} ${round(timings[i]!.best)}`).join(', ')}, bare ${round(bare!.best)} ms); load average ${loadavg()[0]!.toFixed(1)}`;
  return [
    { suite: 'startup', name: 'node -e 0', value: reference.value, unit: 'ms', note },
    ...cases.map((c, i) => {
      const value = round(timings[i]!.median);
      return { suite: 'startup', name: c.name, value, unit: 'ms', reference, ratio: Math.round((value / reference.value) * 100) / 100, note };
    }),
  ];
}

const round = (ms: number): number => Math.round(ms * 10) / 10;
