import { parentPort, workerData } from 'node:worker_threads';
import { computeBacktestMetrics } from '../application/backtest/backtest-metrics.js';
import { runBacktest } from '../application/backtest/backtest-runner.js';
import { trialFigures } from '../application/optimize/objectives.js';
import type { ReplayWindow } from '../application/optimize/walk-forward.js';
import type { DealbotConfig } from '../infrastructure/config/config.schema.js';
import { lowerBound, sliceColumns, type CandleColumns } from '../infrastructure/market-data/candle-store/candle-columns.js';
import { columnsOfShared } from '../infrastructure/market-data/candle-store/shared-columns.js';
import type { WorkerReply } from '../infrastructure/workers/worker-pool.js';
import { composeBacktest } from './backtest.js';
import type { OptimizeTask, OptimizeWorkerData } from './optimize-protocol.js';

/**
 * A worker thread of `dealbot optimize`: the candles arrive once as shared memory (views, no
 * copy), then trial configs one at a time; each is the backtest `dealbot backtest` runs, scored
 * by its figures.
 */
const port = parentPort;
if (port === null) throw new Error('optimize-worker.ts runs as a worker thread');
const data = workerData as OptimizeWorkerData;
const series: Record<string, CandleColumns> = Object.fromEntries(Object.entries(data.series).map(([symbol, shared]) => [symbol, columnsOfShared(shared)]));

async function perform(task: OptimizeTask): Promise<unknown> {
  if (task.kind === 'peek') {
    const column = series[task.symbol]?.[task.column];
    if (column === undefined) throw new RangeError(`no candles of ${task.symbol}`);
    return { value: column[task.index], shared: column.buffer instanceof SharedArrayBuffer, sameBuffer: column.buffer === data.series[task.symbol]?.buffer };
  }
  const config: DealbotConfig = task.config;
  const window = task.window;
  const traded = Object.fromEntries(config.pairs.map((p) => [p.symbol, within(series[p.symbol] ?? missing(p.symbol), window)]));
  const result = await runBacktest(composeBacktest(config, traded, {}, window === undefined ? {} : { from: window.from }));
  return trialFigures(computeBacktestMetrics(result));
}

/** The rows of a window (views, no copy): up to `history` before `from`, then those opening before `to`. */
function within(columns: CandleColumns, window: ReplayWindow | undefined): CandleColumns {
  if (window === undefined) return columns;
  const start = lowerBound(columns.openTime, window.from);
  return sliceColumns(columns, Math.max(0, start - window.history), lowerBound(columns.openTime, window.to));
}

function missing(symbol: string): never {
  throw new RangeError(`no candles of ${symbol} were loaded`);
}

port.on('message', ({ id, task }: { id: number; task: OptimizeTask }) => {
  perform(task).then(
    (value) => port.postMessage({ id, ok: true, value } satisfies WorkerReply<unknown>),
    (error: unknown) => port.postMessage({ id, ok: false, error: error instanceof Error ? error.message : String(error) } satisfies WorkerReply<unknown>),
  );
});
