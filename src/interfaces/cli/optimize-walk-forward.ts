import type { Objective } from '../../application/optimize/objectives.js';
import type { PlannedTrial } from '../../application/optimize/samplers.js';
import type { ParamValue, SearchSpace } from '../../application/optimize/search-space.js';
import type { BuiltConfig, TrialRecord } from '../../application/optimize/study.js';
import type { AdaptiveSampler } from '../../application/optimize/tpe-sampler.js';
import type { WalkForwardResult } from '../../application/optimize/walk-forward-run.js';
import type { Fold, WalkForwardSettings } from '../../application/optimize/walk-forward.js';
import { TIMEFRAME_MS, type Timeframe } from '../../domain/shared/candle.js';
import { ConfigError } from '../../infrastructure/config/config-error.js';
import type { DealbotConfig } from '../../infrastructure/config/config.schema.js';
import type { CandleColumns } from '../../infrastructure/market-data/candle-store/candle-columns.js';
import { scoreText } from '../reports/study-tables.js';
import { walkForwardSummaryLines, walkForwardTable } from '../reports/walk-forward-table.js';
import type { TrialPool } from './session.js';
import { renderTable } from './text-table.js';

/** The candle slots the pairs' candles span together: the first open time and the count of timeframe steps to the last. */
export function candleSlots(series: Readonly<Record<string, CandleColumns>>, timeframe: Timeframe): { firstOpenTime: number; slots: number } {
  const filled = Object.values(series).filter((c) => c.length > 0);
  if (filled.length === 0) return { firstOpenTime: 0, slots: 0 };
  const first = Math.min(...filled.map((c) => c.openTime[0]!));
  const last = Math.max(...filled.map((c) => c.openTime[c.length - 1]!));
  return { firstOpenTime: first, slots: Math.floor((last - first) / TIMEFRAME_MS[timeframe]) + 1 };
}

/** The warm-up every part keeps: the config's windowSize, or the largest windowSize the search may set. */
export function walkForwardWarmup(base: DealbotConfig, space: SearchSpace): number {
  const searched = space.params.findIndex((p) => p.path === 'windowSize');
  const values = searched < 0 ? [] : space.values[searched]!.filter((v): v is number => typeof v === 'number');
  return Math.max(base.windowSize, ...values);
}

export interface WalkForwardRun {
  readonly configPath: string;
  readonly settings: WalkForwardSettings;
  readonly base: DealbotConfig;
  readonly space: SearchSpace;
  readonly series: Readonly<Record<string, CandleColumns>>;
  readonly pool: TrialPool;
  readonly trials: () => readonly PlannedTrial[] | AdaptiveSampler;
  readonly objective: Objective;
  readonly build: (values: Readonly<Record<string, ParamValue>>) => BuiltConfig<DealbotConfig>;
  readonly signal: AbortSignal;
  /** Where to say which fold is done (stderr), or nothing. */
  readonly say?: (line: string) => void;
  /** A progress line after each trial of a fold (its text rewrites itself), or none. */
  readonly progress?: (fold: number, best: TrialRecord | null, done: number) => string;
}

/** The folds of `optimize.walkForward` over the loaded candles; a period too short is refused naming the field. */
export async function planFolds(run: Pick<WalkForwardRun, 'configPath' | 'settings' | 'base' | 'space' | 'series'>): Promise<{ folds: Fold[]; firstOpenTime: number }> {
  const { planWalkForward } = await import('../../application/optimize/walk-forward.js');
  const { firstOpenTime, slots } = candleSlots(run.series, run.base.timeframe);
  try {
    return { folds: planWalkForward(slots, walkForwardWarmup(run.base, run.space), run.settings), firstOpenTime };
  } catch (error) {
    if (error instanceof RangeError) throw new ConfigError(`${run.configPath}: optimize.${error.message}`);
    throw error;
  }
}

/** Runs the walk-forward validation on the pool's workers, each part on its own candles. */
export async function runWalkForwardFolds(run: WalkForwardRun, folds: readonly Fold[], firstOpenTime: number): Promise<WalkForwardResult> {
  const [{ runWalkForward }, { partWindow }] = await Promise.all([import('../../application/optimize/walk-forward-run.js'), import('../../application/optimize/walk-forward.js')]);
  const step = TIMEFRAME_MS[run.base.timeframe];
  return runWalkForward({
    folds,
    windowOf: (fold, part) => partWindow(fold[part], firstOpenTime, step),
    trials: run.trials,
    objective: run.objective,
    build: run.build,
    evaluatorOver: (window) => run.pool.over(window),
    signal: run.signal,
    ...(run.say !== undefined && { onFold: (o, done) => run.say!(`${run.progress ? '\r\x1b[K' : ''}walk-forward: fold ${done}/${folds.length} done, in-sample ${scoreText(o.study.best?.score)}, out-of-sample ${scoreText(o.outOfSample?.score)}\n`) }),
    ...(run.say !== undefined && run.progress !== undefined && { onTrial: (fold, best, done) => run.say!(run.progress!(fold, best, done)) }),
  });
}

/** The walk-forward table and its summary, as text. */
export function walkForwardText(result: WalkForwardResult, objective: string): string {
  const { headers, rows } = walkForwardTable(result, objective);
  return [`Walk-forward validation (rolling windows, each fold's best settings backtested on the candles after its train part)`, ...walkForwardSummaryLines(result, objective), '', rows.length > 0 ? renderTable(headers, rows) : 'No fold finished.'].join('\n');
}
