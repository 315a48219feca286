import { resolve } from 'node:path';
import type { SamplerName } from '../../application/optimize/samplers.js';
import type { WalkForwardResult } from '../../application/optimize/walk-forward-run.js';
import { ConfigError } from '../../infrastructure/config/config-error.js';
import { walkForwardJson } from '../reports/walk-forward-table.js';
import type { StudyRecord } from '../../domain/ports/studies.port.js';
import type { StudyResult, TrialRecord } from '../../application/optimize/study.js';
import { databaseUrl } from './cli-options.js';
import { StudyError, UsageError } from './cli-errors.js';
import { readConfigText, planOfText, planTrials } from './optimize-plan.js';
import { checkSameConfig, newStudyId, openStudyStore, readStoredStudy, type StudyStore } from './optimize-study.js';
import { checkOutputTarget, writingTo } from './output-target.js';
import type { CliDeps } from './session.js';

/** Trials on the queue at once when --workers does not say. */
const QUEUE_IN_FLIGHT = 8;

export interface OptimizeOptions {
  readonly config: string;
  readonly dataDir: string;
  readonly trials?: number;
  readonly sampler?: SamplerName;
  readonly seed?: number;
  readonly workers?: number;
  readonly out?: string;
  /** The study's HTML report (docs/optimize.md). */
  readonly html?: string;
  readonly json?: boolean;
  readonly progress?: boolean;
  /** The new study's id (default: generated). */
  readonly study?: string;
  /** The stored study to go on with. */
  readonly resume?: string;
  readonly database?: string;
  /** Run the trials on `dealbot worker` processes through the BullMQ queue at this Redis URL. */
  readonly queue?: string;
  readonly queueName: string;
}

/**
 * `dealbot optimize`: backtests of the config with the `optimize.parameters` set to the sampled
 * values, on worker threads; each finished trial stored in the database as it finishes (a study
 * `--resume` goes on with); the best trials as a table (or the study as JSON), the best settings
 * written as a config file. Ctrl-C stops starting trials; the finished ones are reported.
 */
export async function optimizeCommand(deps: CliDeps, options: OptimizeOptions): Promise<string> {
  if (options.out !== undefined) checkOutputTarget(options.out, 'file');
  if (options.html !== undefined) checkOutputTarget(options.html, 'file');
  if (options.resume !== undefined) {
    const given = (['study', 'sampler', 'seed', 'trials'] as const).filter((o) => options[o] !== undefined);
    if (given.length > 0) throw new UsageError(`--resume goes on with the study's own settings: leave out --${given.join(', --')}`);
  }
  const [{ runStudy }, { trialConfig, configTextWithValues }, view, forward] = await Promise.all([
    import('../../application/optimize/study.js'),
    import('../../infrastructure/config/trial-config.js'),
    import('./optimize-view.js'),
    import('./optimize-walk-forward.js'),
  ]);
  const text = readConfigText(options.config);
  const plan = await planOfText(text, options.config);
  const url = databaseUrl(options.database, () => plan.base.database);
  const resumed = options.resume === undefined ? undefined : await readStoredStudy(deps, url, options.resume);
  if (resumed !== undefined) checkSameConfig(resumed.study, options.config, text);
  const sampler = resumed?.study.sampler ?? options.sampler ?? plan.sampler;
  const seed = resumed?.study.seed ?? options.seed ?? plan.seed;
  const trials = await planTrials(plan, sampler, resumed?.study.planned ?? options.trials ?? plan.trials, seed);
  const planned = 'propose' in trials ? trials.planned : trials.length;
  const dataDir = resumed?.study.dataDir ?? resolve(options.dataDir);
  const walkForwardSettings = plan.base.optimize!.walkForward;
  if (walkForwardSettings !== undefined && options.queue !== undefined) throw new ConfigError(`${options.config}: optimize.walkForward: runs on this machine's worker threads; leave out --queue for it`);
  // the workers read the candles through the queue; a local study reads them here, once
  const queue = options.queue === undefined ? undefined : await deps.openTrialQueue(options.queue, options.queueName);
  let study: StudyResult;
  let record: StudyRecord;
  let workers = 0;
  let studies: StudyStore | undefined;
  let walkForward: WalkForwardResult | undefined;
  try {
    const series = queue === undefined ? await (await deps.candleStore(dataDir)).readManyColumns(plan.base.pairs.map((p) => p.symbol), plan.base.timeframe) : undefined;
    const { searchSpace } = await import('../../application/optimize/search-space.js');
    const space = searchSpace(plan.base.optimize!.parameters);
    // the folds are refused (too short) before anything is stored or run
    const folds = walkForwardSettings === undefined || series === undefined ? undefined : await forward.planFolds({ configPath: options.config, settings: walkForwardSettings, base: plan.base, space, series });
    studies = await openStudyStore(deps, url);
    const store = studies;
    if (resumed === undefined) {
      record = { id: options.study ?? newStudyId(Date.now()), configPath: options.config, configText: text, dataDir, sampler, seed, objective: plan.objective, planned, createdAt: Date.now() };
      if (!(await store.studies.create(record))) throw new StudyError(`study ${record.id}: already in ${store.location}; go on with it with --resume ${record.id}, or name another --study`);
    } else record = resumed.study;
    const id = record.id;
    const local = queue === undefined ? await deps.startTrialPool(series!, options.workers) : undefined;
    const pool =
      local !== undefined
        ? local
        : { ...queue!.evaluator(store.studies, { studyId: id, dataDir, objective: record.objective, configText: (values) => configTextWithValues(text, values, plan.paths), inFlight: options.workers ?? QUEUE_IN_FLIGHT }), close: async () => {} };
    workers = pool.concurrency;
    const stop = new AbortController();
    // a second Ctrl-C does not wait for the running trials
    const onSecondSignal = (): never => process.exit(130);
    const onSignal = (): void => {
      stop.abort();
      process.once('SIGINT', onSecondSignal);
    };
    process.once('SIGINT', onSignal);
    const left = planned - (resumed?.trials.length ?? 0);
    const on = queue === undefined ? `on ${pool.concurrency} worker threads` : `through the queue ${options.queueName} (${pool.concurrency} at a time)`;
    if (!options.json) process.stderr.write(`optimize: study ${record.id} in ${store.location}: ${left} of ${planned} trials to run ${on}; Ctrl-C stops after the running trials\n`);
    const progress = options.progress !== false && !options.json && process.stderr.isTTY ? view.progressLine(planned, plan.objective.name) : undefined;
    const build = (values: Readonly<Record<string, string | number | boolean>>) => trialConfig(plan.raw, values, plan.paths);
    try {
      study = await runStudy({
        trials,
        objective: record.objective,
        evaluator: pool,
        signal: stop.signal,
        done: resumed?.trials ?? [],
        save: async (trial) => {
          await store.studies.saveTrial(id, trial);
        },
        build,
        ...(progress && { onTrial: (_: TrialRecord, best: TrialRecord | null, done: number) => process.stderr.write(progress(done, best)) }),
      });
      if (folds !== undefined && local !== undefined && !study.interrupted) {
        if (progress) process.stderr.write('\r\x1b[K');
        const { studyTrials } = await import('../../application/optimize/samplers.js');
        const section = plan.base.optimize!;
        const trialsOfFold = () => studyTrials(space, sampler, planned, seed, section.startupTrials);
        const run = { configPath: options.config, settings: walkForwardSettings!, base: plan.base, space, series: series!, pool: local, trials: trialsOfFold, objective: record.objective, build, signal: stop.signal };
        const foldProgress = progress && ((fold: number, best: TrialRecord | null, done: number) => `${progress(done, best)} (walk-forward fold ${fold + 1}/${folds.folds.length})`);
        walkForward = await forward.runWalkForwardFolds(options.json ? run : { ...run, say: (line) => process.stderr.write(line), ...(foldProgress && { progress: foldProgress }) }, folds.folds, folds.firstOpenTime);
      }
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGINT', onSecondSignal);
      if (progress) process.stderr.write('\r\x1b[K');
      await pool.close();
    }
  } finally {
    await studies?.close();
    await queue?.close();
  }
  if (study.interrupted || walkForward?.interrupted === true) process.exitCode = 130;
  const written = options.out === undefined ? undefined : await view.writeBestConfig(study, plan, options.out);
  const header = { study: record.id, config: options.config, sampler, seed, workers };
  if (options.html !== undefined) {
    const file = options.html;
    const { writeStudyReport } = await import('../reports/study-report-file.js');
    await writingTo(file, () => writeStudyReport(file, { study, header, ...(walkForward !== undefined && { walkForward }) }));
  }
  if (options.json) return view.studyJson(study, header, written, walkForward === undefined ? {} : { walkForward: walkForwardJson(walkForward) });
  const forwardText = walkForward === undefined ? [] : ['', forward.walkForwardText(walkForward, plan.objective.name)];
  return [view.studyText(study, header, written), ...forwardText, ...(options.html === undefined ? [] : ['', `Wrote the study report to ${options.html}`])].join('\n');
}
