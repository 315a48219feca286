import { scoreTrial, type Objective, type TrialFigures } from './objectives.js';
import type { PlannedTrial } from './samplers.js';
import type { ParamValue } from './search-space.js';

/** A trial's backtest: its figures, or why the backtest threw. */
export type TrialOutcome = { readonly figures: TrialFigures } | { readonly error: string };

/**
 * Runs one backtest of a trial's config somewhere (a worker thread). It rejects only when it
 * cannot run trials any more (a worker thread died): that ends the study.
 */
export interface TrialEvaluator<C> {
  /** How many trials it runs at once. */
  readonly concurrency: number;
  evaluate(config: C): Promise<TrialOutcome>;
}

/** A trial's config, or why the values make none (the config schema refused the combination). */
export type BuiltConfig<C> = { readonly config: C } | { readonly error: string };

export interface TrialRecord {
  readonly index: number;
  readonly values: Readonly<Record<string, ParamValue>>;
  /** ok: backtested and scored (the score may still be -Infinity, with its reason); failed: no backtest result. */
  readonly status: 'ok' | 'failed';
  readonly score: number;
  readonly reason?: string;
  readonly figures?: TrialFigures;
}

export interface StudyResult {
  readonly objective: Objective;
  readonly planned: number;
  /** The trials done, by index. */
  readonly trials: readonly TrialRecord[];
  /** The trial with the highest finite score (the lowest index among equals); null when none has one. */
  readonly best: TrialRecord | null;
  /** Stopped before every planned trial ran. */
  readonly interrupted: boolean;
}

export interface StudyOptions<C> {
  readonly trials: readonly PlannedTrial[];
  readonly objective: Objective;
  readonly build: (values: Readonly<Record<string, ParamValue>>) => BuiltConfig<C>;
  readonly evaluator: TrialEvaluator<C>;
  /** Once aborted, no trial starts; the running ones finish and count. */
  readonly signal?: AbortSignal;
  /** After each trial, with the best so far. */
  readonly onTrial?: (trial: TrialRecord, best: TrialRecord | null, done: number) => void;
}

/** Whether `a` beats `b`: a higher finite score, or an equal one at a lower index. */
function better(a: TrialRecord, b: TrialRecord | null): boolean {
  if (!Number.isFinite(a.score)) return false;
  return b === null || a.score > b.score || (a.score === b.score && a.index < b.index);
}

/**
 * Runs the trials, `evaluator.concurrency` at a time, in the planned order. A combination the
 * config refuses, or a backtest that throws, is a failed trial with its reason; the study goes on.
 * An evaluator that rejects ends it: no trial starts after, and the rejection is thrown.
 * The result lists trials by index whatever order they finished in, so it does not depend on
 * the number of workers.
 */
export async function runStudy<C>(options: StudyOptions<C>): Promise<StudyResult> {
  const { trials, objective, evaluator, signal } = options;
  const done: TrialRecord[] = [];
  let best: TrialRecord | null = null;
  let next = 0;
  const record = (trial: TrialRecord): void => {
    done.push(trial);
    if (better(trial, best)) best = trial;
    options.onTrial?.(trial, best, done.length);
  };
  const runOne = async (planned: PlannedTrial): Promise<TrialRecord> => {
    const built = options.build(planned.values);
    if ('error' in built) return { ...planned, status: 'failed', score: Number.NEGATIVE_INFINITY, reason: built.error };
    const outcome = await evaluator.evaluate(built.config);
    if ('error' in outcome) return { ...planned, status: 'failed', score: Number.NEGATIVE_INFINITY, reason: `backtest failed: ${outcome.error}` };
    const score = scoreTrial(objective, outcome.figures);
    return { ...planned, status: 'ok', score: score.value, ...(score.reason !== undefined && { reason: score.reason }), figures: outcome.figures };
  };
  let broken = false;
  const lane = async (): Promise<void> => {
    while (next < trials.length && signal?.aborted !== true && !broken) {
      const planned = trials[next]!;
      next += 1;
      try {
        record(await runOne(planned));
      } catch (error) {
        broken = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(evaluator.concurrency, trials.length)) }, lane));
  const ordered = done.sort((a, b) => a.index - b.index);
  return { objective, planned: trials.length, trials: ordered, best, interrupted: ordered.length < trials.length };
}

/** The `count` best trials, best first (finite scores only). */
export function topTrials(study: StudyResult, count: number): TrialRecord[] {
  return study.trials
    .filter((t) => Number.isFinite(t.score))
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .slice(0, count);
}
