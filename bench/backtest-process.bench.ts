import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import type * as RunnerModule from '../src/application/backtest/backtest-runner.js';
import type * as SchemaModule from '../src/infrastructure/config/config.schema.js';
import type * as ColumnsModule from '../src/infrastructure/market-data/candle-store/candle-columns.js';
import type * as BacktestComposition from '../src/main/backtest.js';
import { writeStore } from './backtest/stored-market.js';
import { benchConfig, syntheticMarket } from './backtest/synthetic-market.js';
import type { BenchResult } from './result.js';

// One whole `dealbot backtest` process per run, as a user runs it: start-up, module loading,
// reading the candle store, the replay, the metrics and the report, timed from spawn to exit.
const CASES = [
  { name: '1 pair x 1,000,000 1m candles', pairs: 1, candles: 1_000_000, targetSeconds: 0.5 },
  { name: '100 pairs x 10,000 1m candles', pairs: 100, candles: 10_000, targetSeconds: 0.6 },
] as const;
const RUNS = 5;

const dist = new URL('../dist/', import.meta.url);
/** The installed command (package.json "bin"): the bundle, executed as npm links it. */
const bin = fileURLToPath(new URL('../bundle/main.js', import.meta.url));
/** The same command from the compiled modules, one file each, for comparison. */
const unbundled = fileURLToPath(new URL('main.js', dist));
const load = <T>(path: string): Promise<T> => import(new URL(path, dist).href) as Promise<T>;

/** `dealbot backtest` on the stored candles (by default as installed); throws with its stderr when it fails. */
function dealbot(args: readonly string[], cwd: string, how: 'bin' | 'unbundled' = 'bin'): { ms: number; stdout: string } {
  const start = performance.now();
  const [command, ...before] = how === 'bin' ? [bin] : [process.execPath, unbundled];
  const run = spawnSync(command!, [...before, 'backtest', ...args], { cwd, encoding: 'utf8', maxBuffer: 256 << 20 });
  const ms = performance.now() - start;
  if (run.status !== 0) throw new Error(`dealbot backtest ${args.join(' ')} exited ${String(run.status)}: ${run.stderr}`);
  return { ms, stdout: run.stdout };
}

/** The deals of the same config and candles, run in this process as the in-process bench runs them. */
async function inProcessDeals(config: unknown, market: ReturnType<typeof syntheticMarket>): Promise<number> {
  const { runBacktest } = await load<typeof RunnerModule>('application/backtest/backtest-runner.js');
  const { configSchema } = await load<typeof SchemaModule>('infrastructure/config/config.schema.js');
  const { columnsFromCandles } = await load<typeof ColumnsModule>('infrastructure/market-data/candle-store/candle-columns.js');
  const { composeBacktest } = await load<typeof BacktestComposition>('main/backtest.js');
  const series = Object.fromEntries(Object.entries(market).map(([symbol, list]) => [symbol, columnsFromCandles(list)]));
  return (await runBacktest(composeBacktest(configSchema.parse(config), series))).deals.length;
}

async function runCase(c: (typeof CASES)[number]): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'dealbot-bench-process-'));
  try {
    const market = syntheticMarket(c.pairs, c.candles);
    const dataDir = join(dir, 'candles');
    await writeStore(dataDir, market);
    const config = benchConfig(Object.keys(market));
    // written as users write a config: block YAML
    const configPath = join(dir, 'bench.yaml');
    writeFileSync(configPath, stringify(config));
    const expected = await inProcessDeals(config, market);
    const args = ['-c', configPath, '--data-dir', dataDir, '--no-progress'];
    // the --json run counts and hashes the deals; it also brings the files into the page cache
    const report = JSON.parse(dealbot([...args, '--json'], dir).stdout) as { deals: { status: string }[] };
    const deals = report.deals.length;
    if (deals !== expected) throw new Error(`${c.name}: dealbot backtest made ${deals} deals, the in-process run ${expected}`);
    const closed = report.deals.filter((d) => d.status === 'closed').length;
    const hash = createHash('sha256').update(JSON.stringify(report.deals)).digest('hex').slice(0, 12);
    // the installed command and the unbundled modules in turn, so load drift hits both alike
    const times = { bin: [] as number[], unbundled: [] as number[] };
    for (let run = 0; run < RUNS; run += 1) for (const how of ['bin', 'unbundled'] as const) times[how].push(dealbot(args, dir, how).ms);
    const median = (list: number[]): number => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]! / 1000;
    const runs = (list: number[]): string => [...list].sort((a, b) => a - b).map((ms) => (ms / 1000).toFixed(3)).join(', ');
    const same = `${deals} deals (${closed} closed), as in process; deals sha256 ${hash}; load average ${loadavg()[0]!.toFixed(1)}`;
    const unbundledFigure = { name: 'node dist/main.js', value: median(times.unbundled) };
    return [
      {
        suite: 'backtest process',
        name: `${c.name}, whole \`dealbot backtest\``,
        value: median(times.bin),
        unit: 's',
        reference: unbundledFigure,
        ratio: Math.round((median(times.bin) / unbundledFigure.value) * 100) / 100,
        note: `target <= ${c.targetSeconds} s; the installed command (bundle/main.js), median of ${RUNS} spawned runs (${runs(times.bin)}); ${same}`,
      },
      {
        suite: 'backtest process',
        name: `${c.name}, unbundled (node dist/main.js)`,
        value: unbundledFigure.value,
        unit: 's',
        note: `the compiled modules one file each, no tuning of the allocator; median of ${RUNS} (${runs(times.unbundled)})`,
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export default async function backtestProcessBench(): Promise<BenchResult[]> {
  if (!existsSync(bin) || !existsSync(unbundled)) throw new Error('dist/ and bundle/ are not built: run `npm run build` (npm run bench does)');
  const results: BenchResult[] = [];
  for (const c of CASES) results.push(...(await runCase(c)));
  return results;
}
