import type { Objective } from './objectives.js';
import type { PlannedTrial } from './samplers.js';
import type { ParamValue } from './search-space.js';
import { runStudy, runTrial, type BuiltConfig, type StudyResult, type TrialEvaluator, type TrialRecord } from './study.js';
import type { AdaptiveSampler } from './tpe-sampler.js';
import { summarizeWalkForward, type Fold, type ReplayWindow, type WalkForwardSummary } from './walk-forward.js';

export interface FoldOutcome {
  readonly fold: Fold;
  readonly train: ReplayWindow;
  readonly test: ReplayWindow;
  /** The study on the train part. */
  readonly study: StudyResult;
  /** Its best trial's settings backtested on the test part (index: the best trial's); null when the train study has no best. */
  readonly outOfSample: TrialRecord | null;
}

export interface WalkForwardResult {
  readonly folds: readonly FoldOutcome[];
  readonly planned: number;
  readonly summary: WalkForwardSummary;
  /** Stopped before every fold ran (a fold whose study was interrupted is not counted). */
  readonly interrupted: boolean;
}

export interface WalkForwardOptions<C> {
  readonly folds: readonly Fold[];
  /** A fold part's candles as times. */
  readonly windowOf: (fold: Fold, part: 'train' | 'test') => ReplayWindow;
  /** A fresh sampler (or plan) per fold, for the same seed: each fold's study is the study the command runs, on its train part. */
  readonly trials: () => readonly PlannedTrial[] | AdaptiveSampler;
  readonly objective: Objective;
  readonly build: (values: Readonly<Record<string, ParamValue>>) => BuiltConfig<C>;
  /** Backtests on one window's candles only. */
  readonly evaluatorOver: (window: ReplayWindow) => TrialEvaluator<C>;
  readonly signal?: AbortSignal;
  readonly onFold?: (outcome: FoldOutcome, done: number) => void;
  /** After each trial of a fold's study (fold from 0), with its best so far. */
  readonly onTrial?: (fold: number, best: TrialRecord | null, done: number) => void;
}

/**
 * Walk-forward validation: per fold, in order, the study on the train part, then its best
 * settings backtested on the test part and scored with the same objective. Deterministic as the
 * study is: the same seed gives the same table on any number of workers.
 */
export async function runWalkForward<C>(options: WalkForwardOptions<C>): Promise<WalkForwardResult> {
  const outcomes: FoldOutcome[] = [];
  for (const fold of options.folds) {
    if (options.signal?.aborted === true) break;
    const train = options.windowOf(fold, 'train');
    const test = options.windowOf(fold, 'test');
    const study = await runStudy({
      trials: options.trials(),
      objective: options.objective,
      build: options.build,
      evaluator: options.evaluatorOver(train),
      ...(options.signal !== undefined && { signal: options.signal }),
      ...(options.onTrial !== undefined && { onTrial: (_: TrialRecord, best: TrialRecord | null, done: number) => options.onTrial!(fold.index, best, done) }),
    });
    if (study.interrupted) break;
    const outcome = { fold, train, test, study, outOfSample: study.best === null ? null : await testOf(study.best, options, test) };
    outcomes.push(outcome);
    options.onFold?.(outcome, outcomes.length);
  }
  const summary = summarizeWalkForward(outcomes.map((o) => ({ inSample: o.study.best?.score ?? Number.NEGATIVE_INFINITY, outOfSample: o.outOfSample?.score ?? Number.NEGATIVE_INFINITY })));
  return { folds: outcomes, planned: options.folds.length, summary, interrupted: outcomes.length < options.folds.length };
}

/** The best trial's settings on the test part, scored as a trial. */
function testOf<C>(best: TrialRecord, options: WalkForwardOptions<C>, window: ReplayWindow): Promise<TrialRecord> {
  return runTrial({ index: best.index, values: best.values }, options.build, options.evaluatorOver(window), options.objective);
}
