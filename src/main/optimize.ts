import { cpus } from 'node:os';
import type { TrialFigures } from '../application/optimize/objectives.js';
import type { TrialEvaluator, TrialOutcome } from '../application/optimize/study.js';
import type { ReplayWindow } from '../application/optimize/walk-forward.js';
import type { DealbotConfig } from '../infrastructure/config/config.schema.js';
import type { CandleColumns, ColumnName } from '../infrastructure/market-data/candle-store/candle-columns.js';
import { shareColumns } from '../infrastructure/market-data/candle-store/shared-columns.js';
import { workerEntry } from '../infrastructure/workers/worker-entry.js';
import { WorkerPool, WorkerTaskError } from '../infrastructure/workers/worker-pool.js';
import type { OptimizeTask, OptimizeWorkerData, PeekAnswer } from './optimize-protocol.js';

/** Backtests of trial configs on worker threads that share one copy of the candles. */
export interface TrialPool extends TrialEvaluator<DealbotConfig> {
  /** A value of a worker's candle columns, and whether they are the shared memory (for tests and diagnostics). */
  peek(symbol: string, column: ColumnName, index: number): Promise<PeekAnswer>;
  /** The same workers backtesting a sub-period of the candles only (walk-forward). */
  over(window: ReplayWindow): TrialEvaluator<DealbotConfig>;
  /** The shared buffer of each series, as the workers have it. */
  readonly shared: OptimizeWorkerData['series'];
  close(): Promise<void>;
}

/**
 * Each trial worker's young generation at 8 MB instead of V8's default (up to 3 x 16 MB): a
 * backtest's garbage is short-lived, and the default lets each worker's RSS swell with it. In
 * the optimize bench (100 pairs x 10,000 candles, quiet machine) the second worker added
 * 71-96 MB of peak RSS with the default (5 runs, mean 83) and 42-78 MB with 8 MB (8 runs, mean
 * 62), at the same trials per second within the run-to-run spread.
 */
const TRIAL_WORKER_LIMITS = { maxYoungGenerationSizeMb: 8 } as const;

/** The number of workers when none is asked for: one per CPU. */
export function defaultWorkers(): number {
  return Math.max(1, cpus().length);
}

/**
 * Copies the candles into shared memory once and starts `workers` threads on them. `main` is
 * the URL of the program's main module (src/main.ts, dist/main.js or bundle/main.js): the
 * worker module is main/optimize-worker beside it in each of the three.
 */
export function startTrialPool(main: string, series: Readonly<Record<string, CandleColumns>>, workers: number = defaultWorkers()): TrialPool {
  const shared = Object.fromEntries(Object.entries(series).map(([symbol, columns]) => [symbol, shareColumns(columns)]));
  const data: OptimizeWorkerData = { series: shared };
  const pool = new WorkerPool<OptimizeTask, unknown>(workerEntry(main, 'main/optimize-worker'), workers, data, TRIAL_WORKER_LIMITS);
  const trial = async (config: DealbotConfig, window?: ReplayWindow): Promise<TrialOutcome> => {
    try {
      return { figures: (await pool.run({ kind: 'trial', config, ...(window !== undefined && { window }) })) as TrialFigures };
    } catch (error) {
      if (error instanceof WorkerTaskError) return { error: error.message };
      throw error;
    }
  };
  return {
    concurrency: pool.size,
    shared,
    evaluate: (config) => trial(config),
    over: (window) => ({ concurrency: pool.size, evaluate: (config) => trial(config, window) }),
    peek: async (symbol, column, index) => (await pool.run({ kind: 'peek', symbol, column, index })) as PeekAnswer,
    close: () => pool.close(),
  };
}
