import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import type { Objective } from '../../application/optimize/objectives.js';
import type { SamplerName } from '../../application/optimize/samplers.js';
import type { StudyResult, TrialRecord } from '../../application/optimize/study.js';
import type { DealbotConfig } from '../../infrastructure/config/config.schema.js';
import { ConfigError } from '../../infrastructure/config/config-error.js';
import type { ResolvedPaths } from '../../infrastructure/config/trial-config.js';
import { fsCause } from '../../infrastructure/shared/fs-error.js';
import { checkOutputTarget, writingTo } from './output-target.js';
import type { ParamValue } from '../../application/optimize/search-space.js';
import type { WalkForwardResult } from '../../application/optimize/walk-forward-run.js';
import { walkForwardJson } from '../reports/walk-forward-table.js';
import { writeStudyReport } from '../reports/study-report-file.js';
import { planFolds, runWalkForwardFolds, walkForwardText } from './optimize-walk-forward.js';
import type { CliDeps } from './session.js';

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
}

/** The study's search as the config and the command line give it. */
interface Plan {
  readonly text: string;
  readonly raw: Record<string, unknown>;
  readonly base: DealbotConfig;
  readonly paths: ResolvedPaths;
  readonly objective: Objective;
  readonly sampler: SamplerName;
  readonly seed: number;
}

/**
 * `dealbot optimize`: backtests of the config with the `optimize.parameters` set to the sampled
 * values, on worker threads; the best trials as a table (or the study as JSON), the best
 * settings written as a config file. Ctrl-C stops starting trials; the finished ones are reported.
 */
export async function optimizeCommand(deps: CliDeps, options: OptimizeOptions): Promise<string> {
  if (options.out !== undefined) checkOutputTarget(options.out, 'file');
  if (options.html !== undefined) checkOutputTarget(options.html, 'file');
  const [{ studyTrials }, { searchSpace }, { runStudy }, { trialConfig, configTextWithValues }, view] = await Promise.all([
    import('../../application/optimize/samplers.js'),
    import('../../application/optimize/search-space.js'),
    import('../../application/optimize/study.js'),
    import('../../infrastructure/config/trial-config.js'),
    import('./optimize-view.js'),
  ]);
  const plan = await loadPlan(options);
  const section = plan.base.optimize!;
  const where = (path: string): string => `${options.config}: optimize.parameters.${path}`;
  let trials;
  try {
    trials = studyTrials(searchSpace(section.parameters), plan.sampler, options.trials ?? section.trials, plan.seed, section.startupTrials);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    // search-space messages start with the parameter's path; the grid's is about the whole space
    throw new ConfigError(section.parameters.some((p) => error.message.startsWith(`${p.path}:`)) ? where(error.message) : `${options.config}: optimize: ${error.message}`);
  }
  const store = await deps.candleStore(options.dataDir);
  const symbols = plan.base.pairs.map((p) => p.symbol);
  const series = await store.readManyColumns(symbols, plan.base.timeframe);
  const space = searchSpace(section.parameters);
  const folds = section.walkForward === undefined ? undefined : await planFolds({ configPath: options.config, settings: section.walkForward, base: plan.base, space, series });
  const pool = await deps.startTrialPool(series, options.workers);
  const stop = new AbortController();
  // a second Ctrl-C does not wait for the running trials
  const onSecondSignal = (): never => process.exit(130);
  const onSignal = (): void => {
    stop.abort();
    process.once('SIGINT', onSecondSignal);
  };
  process.once('SIGINT', onSignal);
  const planned = 'propose' in trials ? trials.planned : trials.length;
  if (!options.json) process.stderr.write(`optimize: ${planned} trials on ${pool.concurrency} worker threads; Ctrl-C stops after the running trials\n`);
  const progress = options.progress !== false && !options.json && process.stderr.isTTY ? view.progressLine(planned, plan.objective.name) : undefined;
  let study: StudyResult;
  let walkForward: WalkForwardResult | undefined;
  const build = (values: Readonly<Record<string, ParamValue>>) => trialConfig(plan.raw, values, plan.paths);
  try {
    study = await runStudy({
      trials,
      objective: plan.objective,
      evaluator: pool,
      signal: stop.signal,
      build,
      ...(progress && { onTrial: (_: TrialRecord, best: TrialRecord | null, done: number) => process.stderr.write(progress(done, best)) }),
    });
    if (folds !== undefined && !study.interrupted) {
      if (progress) process.stderr.write('\r\x1b[K');
      const trialsOfFold = () => studyTrials(space, plan.sampler, options.trials ?? section.trials, plan.seed, section.startupTrials);
      const run = { configPath: options.config, settings: section.walkForward!, base: plan.base, space, series, pool, trials: trialsOfFold, objective: plan.objective, build, signal: stop.signal };
      const foldProgress = progress && ((fold: number, best: TrialRecord | null, done: number) => `${progress(done, best)} (walk-forward fold ${fold + 1}/${folds.folds.length})`);
      walkForward = await runWalkForwardFolds(options.json ? run : { ...run, say: (line) => process.stderr.write(line), ...(foldProgress && { progress: foldProgress }) }, folds.folds, folds.firstOpenTime);
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGINT', onSecondSignal);
    if (progress) process.stderr.write('\r\x1b[K');
    await pool.close();
  }
  if (study.interrupted || walkForward?.interrupted === true) process.exitCode = 130;
  const best = study.best;
  let written: string | undefined;
  if (options.out !== undefined && best !== null) {
    const file = options.out;
    const text = configTextWithValues(plan.text, best.values, plan.paths);
    await writingTo(file, () => writeFile(file, text));
    written = file;
  }
  const header = { config: options.config, sampler: plan.sampler, seed: plan.seed, workers: pool.concurrency };
  if (options.html !== undefined) {
    const file = options.html;
    await writingTo(file, () => writeStudyReport(file, { study, header, ...(walkForward !== undefined && { walkForward }) }));
  }
  if (options.json) return view.studyJson(study, header, written, walkForward === undefined ? {} : { walkForward: walkForwardJson(walkForward) });
  return [view.studyText(study, header, written), ...(walkForward === undefined ? [] : ['', walkForwardText(walkForward, plan.objective.name)]), ...(options.html === undefined ? [] : ['', `Wrote the study report to ${options.html}`])].join('\n');
}

/** The config (checked as `backtest` checks it), its optimize section, every parameter path resolved. */
async function loadPlan(options: OptimizeOptions): Promise<Plan> {
  const [{ loadCheckedConfig }, { parseConfigYaml }, { resolveParamPath }] = await Promise.all([
    import('./config-check.command.js'),
    import('../../infrastructure/config/config.loader.js'),
    import('../../infrastructure/config/optimize-paths.js'),
  ]);
  const base = loadCheckedConfig(options.config);
  const section = base.optimize;
  if (section === undefined) throw new ConfigError(`${options.config}: optimize: is required: the parameters to search and the objective (see docs/optimize.md)`);
  let text: string;
  try {
    text = readFileSync(options.config, 'utf8');
  } catch (error) {
    throw new ConfigError(`${options.config}: cannot read the config file: ${fsCause(error)}`);
  }
  const symbols = base.pairs.map((p) => p.symbol);
  const paths = new Map(
    section.parameters.map((p) => {
      try {
        return [p.path, resolveParamPath(p.path, symbols)] as const;
      } catch (error) {
        if (error instanceof RangeError) throw new ConfigError(`${options.config}: optimize.parameters.${p.path}: ${error.message}`);
        throw error;
      }
    }),
  );
  const objective: Objective = { name: section.objective, minTrades: section.minTrades, ...(section.maxDrawdown !== undefined && { maxDrawdownPercent: section.maxDrawdown }) };
  return { text, raw: parseConfigYaml(text, options.config), base, paths, objective, sampler: options.sampler ?? section.sampler, seed: options.seed ?? section.seed };
}
