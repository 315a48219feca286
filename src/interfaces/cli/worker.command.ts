import { UsageError } from './cli-errors.js';
import { openStudyStore, type StudyStore } from './optimize-study.js';
import type { CliDeps } from './session.js';

export interface WorkerOptions {
  readonly queue: string;
  readonly queueName: string;
  readonly database?: string;
  readonly lockMs: number;
  readonly concurrency: number;
}

/**
 * `dealbot worker`: runs the trials `dealbot optimize --queue` puts on the queue, each stored in
 * the database as it finishes, until Ctrl-C or SIGTERM (the running trials finish first). It needs
 * only the two URLs: a job carries the trial's config text and where its candles are.
 */
export async function workerCommand(deps: CliDeps, options: WorkerOptions): Promise<string> {
  const url = options.database ?? process.env.DATABASE_URL;
  if (url === undefined) throw new UsageError('worker: --database URL is required (or DATABASE_URL): where the trials are stored');
  const { redactUrl } = await import('../../infrastructure/persistence/sql/database-url.js');
  let studies: StudyStore | undefined;
  const log = (line: string): boolean => process.stderr.write(`worker: ${line}\n`);
  const worker = await deps.startTrialWorker(
    options.queue,
    options.queueName,
    async () => {
      studies = await openStudyStore(deps, url);
      return studies.studies;
    },
    {
      lockMs: options.lockMs,
      concurrency: options.concurrency,
      onStart: (job) => log(`study ${job.studyId} trial ${job.index} started`),
      onError: (job, error) => log(`study ${job.studyId} trial ${job.index} failed: ${error instanceof Error ? error.message : String(error)}`),
    },
  );
  log(`taking trials from the queue ${options.queueName} at ${redactUrl(options.queue)}, storing them in ${studies!.location}; Ctrl-C stops after the running trials`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  try {
    await worker.close();
  } finally {
    await studies?.close();
  }
  return 'worker: stopped';
}
