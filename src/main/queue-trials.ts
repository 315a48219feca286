import { computeBacktestMetrics } from '../application/backtest/backtest-metrics.js';
import { runBacktest } from '../application/backtest/backtest-runner.js';
import { trialFigures } from '../application/optimize/objectives.js';
import { finishedTrial, type TrialEvaluator } from '../application/optimize/study.js';
import type { StudyRepository } from '../domain/ports/studies.port.js';
import { parseConfigText } from '../infrastructure/config/config.loader.js';
import type { DealbotConfig } from '../infrastructure/config/config.schema.js';
import type { CandleColumns } from '../infrastructure/market-data/candle-store/candle-columns.js';
import { CandleStore } from '../infrastructure/market-data/candle-store/candle-store.js';
import { QueueTrialError, startTrialWorker as startQueueWorker, TrialQueue, type TrialJob } from '../infrastructure/queue/trial-queue.js';
import type { QueuedStudy, TrialQueueHandle, TrialWorkerSetup } from '../interfaces/cli/session.js';
import { composeBacktest } from './backtest.js';

/** The queue at `url`, connected; its evaluator runs each trial on a `dealbot worker` and reads the result from the database, where the worker stored it. */
export async function openTrialQueue(url: string, name: string): Promise<TrialQueueHandle> {
  const queue = await TrialQueue.open(url, name);
  return { evaluator: (studies, study) => queueEvaluator(queue, studies, study), close: () => queue.close() };
}

/** `dealbot worker`: trial jobs from the queue at `url`, each stored in `studies`. */
export function startTrialWorker(url: string, name: string, studies: () => Promise<StudyRepository>, setup: TrialWorkerSetup): Promise<{ close(): Promise<void> }> {
  return startQueueWorker(url, name, async () => trialJobRunner(await studies()), setup);
}

function queueEvaluator(queue: TrialQueue, studies: StudyRepository, study: QueuedStudy): TrialEvaluator<DealbotConfig> {
  return {
    concurrency: study.inFlight,
    evaluate: async (_config, trial) => {
      const job: TrialJob = { studyId: study.studyId, index: trial.index, values: trial.values, configText: study.configText(trial.values), dataDir: study.dataDir, objective: study.objective };
      const end = await queue.run(job, async () => (await studies.trial(study.studyId, trial.index)) !== null);
      if (!end.ok) throw new QueueTrialError(`study ${study.studyId}: trial ${trial.index} failed on a worker: ${end.reason}`);
      const stored = await studies.trial(study.studyId, trial.index);
      if (stored === null) throw new QueueTrialError(`study ${study.studyId}: trial ${trial.index} was run by a worker but is not in this database; give the workers the same --database as optimize`);
      return { stored };
    },
  };
}

/**
 * What a `dealbot worker` does with one trial job: reads the candles the job names (once per
 * directory, pairs and timeframe), backtests the trial's config as a worker thread does, scores
 * it and stores it; a trial already stored (run by a worker that was thought dead) is kept as it is.
 */
export function trialJobRunner(studies: StudyRepository): (job: TrialJob) => Promise<void> {
  const loaded = new Map<string, Promise<Record<string, CandleColumns>>>();
  const known = new Set<string>();
  return async (job) => {
    if (!known.has(job.studyId)) {
      if ((await studies.get(job.studyId)) === null) throw new Error(`study ${job.studyId} is not in the worker's database; give the workers the same --database as optimize`);
      known.add(job.studyId);
    }
    const config = parseConfigText(job.configText, `study ${job.studyId} trial ${job.index}`);
    const symbols = config.pairs.map((p) => p.symbol);
    const key = JSON.stringify([job.dataDir, config.timeframe, symbols]);
    let series = loaded.get(key);
    if (series === undefined) {
      series = new CandleStore(job.dataDir).readManyColumns(symbols, config.timeframe);
      loaded.set(key, series);
      series.catch(() => loaded.delete(key));
    }
    const candles = await series;
    let outcome: { figures: ReturnType<typeof trialFigures> } | { error: string };
    try {
      outcome = { figures: trialFigures(computeBacktestMetrics(await runBacktest(composeBacktest(config, candles)))) };
    } catch (error) {
      outcome = { error: error instanceof Error ? error.message : String(error) };
    }
    await studies.saveTrial(job.studyId, finishedTrial({ index: job.index, values: job.values }, job.objective, outcome));
  };
}
