// One backtest case in its own process, so its peak memory is its own:
//   tsx bench/backtest/run-case.ts <pairs> <candles> [dca]   (after `npm run build`)
// `dca` trades every pair's deals with safety orders (BENCH_DCA in synthetic-market.ts).
// Runs the whole backtest (compose + replay + result) eleven times on the same stored columns:
// the first run is cold (a fresh process compiling as it goes, as `dealbot backtest` does),
// the best of the other ten is warm (the treatment the hand-written reference gets).
// Prints one JSON line: { pairs, dca, candles, coldMs, warmMs, coldCandlesPerSecond,
// warmCandlesPerSecond, deals, closed, coldMaxRssMb, maxRssMb }
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type * as RunnerModule from '../../src/application/backtest/backtest-runner.js';
import type * as SchemaModule from '../../src/infrastructure/config/config.schema.js';
import type * as ColumnsModule from '../../src/infrastructure/market-data/candle-store/candle-columns.js';
import type * as BacktestComposition from '../../src/main/backtest.js';
import { benchConfig, syntheticMarket } from './synthetic-market.js';

// The backtest runs from the compiled dist/ (what `dealbot backtest` runs; `npm run bench`
// builds it first), not through tsx, whose transpiled code adds a helper call to every
// function it creates. Types come from src/, which dist/ is compiled from.
const dist = new URL('../../dist/', import.meta.url);
if (!existsSync(new URL('main.js', dist))) throw new Error('dist/ is not built: run `npm run build` (npm run bench does)');
const load = <T>(path: string): Promise<T> => import(new URL(path, dist).href) as Promise<T>;
const { runBacktest } = await load<typeof RunnerModule>('application/backtest/backtest-runner.js');
const { configSchema } = await load<typeof SchemaModule>('infrastructure/config/config.schema.js');
const { columnsFromCandles } = await load<typeof ColumnsModule>('infrastructure/market-data/candle-store/candle-columns.js');
const { composeBacktest } = await load<typeof BacktestComposition>('main/backtest.js');

const pairs = Number(process.argv[2]);
const candles = Number(process.argv[3]);
const dca = process.argv[4] === 'dca';
// as `dealbot backtest` gets them from the candle store: columns (loading them is measured in the candle-store suite)
const series = Object.fromEntries(Object.entries(syntheticMarket(pairs, candles)).map(([symbol, list]) => [symbol, columnsFromCandles(list)]));
const config = configSchema.parse(benchConfig(Object.keys(series), dca));

// the synthetic candles were built as objects, then turned into columns: collect that garbage
// now, or the first run pays for it (a real backtest reads columns from the store)
(globalThis as { gc?: () => void }).gc?.();

/** The first run (cold), then ten: the reference is timed best of ten too. */
const RUNS = 11;
const times: number[] = [];
let deals = 0;
let closed = 0;
let coldMaxRssMb = 0;
for (let run = 0; run < RUNS; run += 1) {
  const start = performance.now();
  const result = await runBacktest(composeBacktest(config, series));
  times.push(performance.now() - start);
  if (run === 0) {
    deals = result.deals.length;
    closed = result.deals.filter((d) => d.status === 'closed').length;
    coldMaxRssMb = process.resourceUsage().maxRSS / 1024;
  } else if (result.deals.length !== deals) throw new Error(`run ${run + 1} made ${result.deals.length} deals, the first ${deals}`);
}
const total = pairs * candles;
const coldMs = times[0] as number;
const warmMs = Math.min(...times.slice(1));
process.stdout.write(
  `${JSON.stringify({
    pairs,
    dca,
    candles: total,
    coldMs,
    warmMs,
    coldCandlesPerSecond: (total / coldMs) * 1000,
    warmCandlesPerSecond: (total / warmMs) * 1000,
    deals,
    closed,
    coldMaxRssMb,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  })}\n`,
);
