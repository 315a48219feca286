import type { TrialRecord } from '../../domain/ports/studies.port.js';
import { scoreTrial, type Objective, type TrialFigures } from './objectives.js';
import type { PlannedTrial } from './samplers.js';
import type { ParamValue } from './search-space.js';
import { StudyReplanError } from './study-replan.error.js';
import type { AdaptiveSampler } from './tpe-sampler.js';

export { StudyReplanError } from './study-replan.error.js';

/**
 * A trial's backtest: its figures, or why the backtest threw; or the trial as an evaluator
 * elsewhere scored and stored it (a queue worker), taken as it is.
 */
export type TrialOutcome = { readonly figures: TrialFigures } | { readonly error: string } | { readonly stored: TrialRecord };

/**
 * Runs one backtest of a trial's config somewhere (a worker thread). It rejects only when it
 * cannot run trials any more (a worker thread died): that ends the study.
 */
export interface TrialEvaluator<C> {
  /** How many trials it runs at once. */
  readonly concurrency: number;
  /** `trial`: the values the config was built from (an evaluator elsewhere may need them). */
  evaluate(config: C, trial: PlannedTrial): Promise<TrialOutcome>;
}

/** A trial's config, or why the values make none (the config schema refused the combination). */
export type BuiltConfig<C> = { readonly config: C } | { readonly error: string };

export type { TrialRecord } from '../../domain/ports/studies.port.js';

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
  /** The trials planned up front (grid, random), or a sampler that proposes each from earlier results (TPE). */
  readonly trials: readonly PlannedTrial[] | AdaptiveSampler;
  readonly objective: Objective;
  readonly build: (values: Readonly<Record<string, ParamValue>>) => BuiltConfig<C>;
  readonly evaluator: TrialEvaluator<C>;
  /** Once aborted, no trial starts; the running ones finish and count. */
  readonly signal?: AbortSignal;
  /**
   * Trials already done (a resumed study): they are not run again and count as if they had just
   * finished. An adaptive sampler still proposes them, in order, so it proposes the rest as an
   * uninterrupted study would; a proposal that differs from the stored trial ends the study.
   */
  readonly done?: readonly TrialRecord[];
  /** Keeps each finished trial (the study's storage) before it counts; a rejection ends the study. */
  readonly save?: (trial: TrialRecord) => Promise<void>;
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
 * An adaptive sampler proposes trial k, in index order, once trials 0 .. k - lag - 1 are done
 * (a free worker waits for them), so it sees the same results on 1 worker or 8.
 * The result lists trials by index whatever order they finished in, so it does not depend on
 * the number of workers.
 */
export async function runStudy<C>(options: StudyOptions<C>): Promise<StudyResult> {
  const { trials, objective, evaluator, signal } = options;
  const planned = 'propose' in trials ? trials.planned : trials.length;
  const done: TrialRecord[] = [];
  const byIndex: (TrialRecord | undefined)[] = [];
  /** Trials 0 .. prefix - 1 are all done. */
  let prefix = 0;
  let waiters: (() => void)[] = [];
  let best: TrialRecord | null = null;
  let next = 0;
  let broken = false;
  const wake = (): void => {
    const woken = waiters;
    waiters = [];
    for (const w of woken) w();
  };
  const record = (trial: TrialRecord): void => {
    done.push(trial);
    byIndex[trial.index] = trial;
    while (byIndex[prefix] !== undefined) prefix += 1;
    if (better(trial, best)) best = trial;
    options.onTrial?.(trial, best, done.length);
    wake();
  };
  const prior = new Map((options.done ?? []).map((t) => [t.index, t]));
  for (const trial of [...prior.values()].sort((a, b) => a.index - b.index)) {
    done.push(trial);
    byIndex[trial.index] = trial;
    if (better(trial, best)) best = trial;
  }
  while (byIndex[prefix] !== undefined) prefix += 1;
  const stopped = (): boolean => signal?.aborted === true || broken;
  const proposed = async (index: number): Promise<PlannedTrial | null> => {
    if (!('propose' in trials)) return trials[index]!;
    const needed = index - trials.lag;
    while (prefix < needed && !broken) await new Promise<void>((resolve) => waiters.push(resolve));
    if (stopped()) return null;
    return trials.propose(index, byIndex.slice(0, Math.max(0, needed)) as TrialRecord[]);
  };
  /** The next trial not done yet; the done ones are proposed (adaptive) and checked, not run. */
  const nextToRun = async (): Promise<PlannedTrial | null> => {
    while (next < planned && !stopped()) {
      const position = next;
      next += 1;
      const trial = await proposed(position);
      const stored = trial === null ? undefined : prior.get(trial.index);
      if (trial === null || stored === undefined) return trial;
      if (JSON.stringify(trial.values) !== JSON.stringify(stored.values)) throw new StudyReplanError(trial.index);
    }
    return null;
  };
  // proposals are made one after another, in index order
  let queue: Promise<PlannedTrial | null> = Promise.resolve(null);
  const take = (): Promise<PlannedTrial | null> => {
    queue = queue.then(nextToRun);
    return queue;
  };
  const lane = async (): Promise<void> => {
    try {
      for (let trial = await take(); trial !== null; trial = await take()) {
        const finished = await runTrial(trial, options.build, evaluator, objective);
        await options.save?.(finished);
        record(finished);
      }
    } catch (error) {
      broken = true;
      // the lanes waiting for a result that will not come end too, instead of hanging on
      wake();
      throw error;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(evaluator.concurrency, planned)) }, lane));
  return studyOf(objective, planned, done);
}

/**
 * One trial: its config built from its values (a combination the schema refuses is a failed
 * trial with the schema's reason), backtested by `evaluator`, scored; or taken as the evaluator
 * stored it (a queue worker).
 */
export async function runTrial<C>(trial: PlannedTrial, build: StudyOptions<C>['build'], evaluator: TrialEvaluator<C>, objective: Objective): Promise<TrialRecord> {
  const built = build(trial.values);
  if ('error' in built) return { ...trial, status: 'failed', score: Number.NEGATIVE_INFINITY, reason: built.error };
  const outcome = await evaluator.evaluate(built.config, trial);
  return 'stored' in outcome ? outcome.stored : finishedTrial(trial, objective, outcome);
}

/** A backtested trial scored: ok with its score (and why it is -Infinity), or failed with why the backtest threw. */
export function finishedTrial(trial: PlannedTrial, objective: Objective, outcome: { readonly figures: TrialFigures } | { readonly error: string }): TrialRecord {
  if ('error' in outcome) return { ...trial, status: 'failed', score: Number.NEGATIVE_INFINITY, reason: `backtest failed: ${outcome.error}` };
  const score = scoreTrial(objective, outcome.figures);
  return { ...trial, status: 'ok', score: score.value, ...(score.reason !== undefined && { reason: score.reason }), figures: outcome.figures };
}

/** The study's trials as stored: the best among them, interrupted when fewer than planned. */
export function studyOf(objective: Objective, planned: number, trials: readonly TrialRecord[]): StudyResult {
  const ordered = [...trials].sort((a, b) => a.index - b.index);
  const best = ordered.reduce<TrialRecord | null>((b, t) => (better(t, b) ? t : b), null);
  return { objective, planned, trials: ordered, best, interrupted: ordered.length < planned };
}

/** The `count` best trials, best first (finite scores only). */
export function topTrials(study: StudyResult, count: number): TrialRecord[] {
  return study.trials
    .filter((t) => Number.isFinite(t.score))
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .slice(0, count);
}
