import type { ReplayWindow } from '../application/optimize/walk-forward.js';
import type { DealbotConfig } from '../infrastructure/config/config.schema.js';
import type { ColumnName } from '../infrastructure/market-data/candle-store/candle-columns.js';
import type { SharedSeries } from '../infrastructure/market-data/candle-store/shared-columns.js';

/** What every optimize worker is given once: each pair's candles in shared memory. */
export interface OptimizeWorkerData {
  readonly series: Readonly<Record<string, SharedSeries>>;
}

/**
 * A task of an optimize worker: backtest a trial's config (answer: its TrialFigures), or read
 * one value of its candle columns and say whether they are the shared memory (answer: PeekAnswer).
 */
export type OptimizeTask =
  | { readonly kind: 'trial'; readonly config: DealbotConfig; readonly window?: ReplayWindow }
  | { readonly kind: 'peek'; readonly symbol: string; readonly column: ColumnName; readonly index: number };

export interface PeekAnswer {
  readonly value: number | undefined;
  /** The column's buffer is a SharedArrayBuffer ... */
  readonly shared: boolean;
  /** ... the very one the worker was given. */
  readonly sameBuffer: boolean;
}
