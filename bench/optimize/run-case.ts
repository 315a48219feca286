// One optimize case in its own process, so its memory is its own:
//   tsx --expose-gc bench/optimize/run-case.ts <workers> <trials>   (after `npm run build`)
// The 100 pairs x 10,000 1m candles of the backtest bench, shared once with <workers> worker
// threads running the compiled dist/ (as `dealbot optimize` from dist/ does). One warm-up trial
// per worker (compiling), then <trials> random trials timed, as one study.
// Prints one JSON line: { workers, trials, ms, trialsPerSecond, baselineRssMb, peakRssMb, sharedMb, scores }
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type * as SamplersModule from '../../src/application/optimize/samplers.js';
import type * as SpaceModule from '../../src/application/optimize/search-space.js';
import type * as StudyModule from '../../src/application/optimize/study.js';
import type * as PathsModule from '../../src/infrastructure/config/optimize-paths.js';
import type * as TrialConfigModule from '../../src/infrastructure/config/trial-config.js';
import type * as ColumnsModule from '../../src/infrastructure/market-data/candle-store/candle-columns.js';
import type * as OptimizeModule from '../../src/main/optimize.js';
import { benchConfig, syntheticMarket } from '../backtest/synthetic-market.js';

const dist = new URL('../../dist/', import.meta.url);
if (!existsSync(new URL('main.js', dist))) throw new Error('dist/ is not built: run `npm run build` (npm run bench does)');
const load = <T>(path: string): Promise<T> => import(new URL(path, dist).href) as Promise<T>;
const { startTrialPool } = await load<typeof OptimizeModule>('main/optimize.js');
const { runStudy } = await load<typeof StudyModule>('application/optimize/study.js');
const { plannedTrials } = await load<typeof SamplersModule>('application/optimize/samplers.js');
const { searchSpace } = await load<typeof SpaceModule>('application/optimize/search-space.js');
const { resolveParamPath } = await load<typeof PathsModule>('infrastructure/config/optimize-paths.js');
const { trialConfig } = await load<typeof TrialConfigModule>('infrastructure/config/trial-config.js');
const { columnsFromCandles } = await load<typeof ColumnsModule>('infrastructure/market-data/candle-store/candle-columns.js');

const workers = Number(process.argv[2]);
const trials = Number(process.argv[3]);
const series = Object.fromEntries(Object.entries(syntheticMarket(100, 10_000)).map(([symbol, list]) => [symbol, columnsFromCandles(list)]));
const symbols = Object.keys(series);
const raw = benchConfig(symbols) as unknown as Record<string, unknown>;
const space = searchSpace([
  { kind: 'int', path: 'strategy.macdFast', lo: 8, hi: 14, step: 1 },
  { kind: 'decimal', path: 'pairs.*.profitMarkup', lo: '0.003', hi: '0.008', step: '0.001' },
  { kind: 'choice', path: 'strategy.rsiBuyBelow', values: [40, 50, 60] },
]);
const paths = new Map(space.params.map((p) => [p.path, resolveParamPath(p.path, symbols)]));
const build = (values: Readonly<Record<string, string | number | boolean>>) => trialConfig(raw, values, paths);
const objective = { name: 'profit', minTrades: 0 } as const;
const gc = (globalThis as { gc?: () => void }).gc;

// the candle objects were garbage once turned into columns; the pool copies the columns into shared memory
gc?.();
const pool = startTrialPool(new URL('main.js', dist).href, series, workers);
gc?.();
const baselineRssMb = process.memoryUsage().rss / 2 ** 20;
const sharedMb = Object.values(pool.shared).reduce((sum, s) => sum + s.buffer.byteLength, 0) / 2 ** 20;
try {
  // one trial per worker compiles the backtest in every thread
  await runStudy({ trials: plannedTrials(space, 'random', workers, 99), objective, build, evaluator: pool });
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const start = performance.now();
  const study = await runStudy({ trials: plannedTrials(space, 'random', trials, 1), objective, build, evaluator: pool });
  const ms = performance.now() - start;
  clearInterval(sampler);
  const failed = study.trials.filter((t) => t.status === 'failed');
  if (failed.length > 0) throw new Error(`${failed.length} trials failed: ${failed[0]!.reason}`);
  process.stdout.write(
    `${JSON.stringify({ workers, trials, ms, trialsPerSecond: (trials / ms) * 1000, baselineRssMb, peakRssMb: Math.max(peak, process.memoryUsage().rss) / 2 ** 20, sharedMb, scores: study.trials.map((t) => t.score) })}\n`,
  );
} finally {
  await pool.close();
}
