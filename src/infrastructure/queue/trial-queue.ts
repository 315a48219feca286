import { Queue, QueueEvents, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { Objective, ParamValue } from '../../domain/ports/studies.port.js';
import { redactUrl } from '../persistence/sql/database-url.js';
import { QueueConnectError } from './queue.errors.js';

/** One trial of a study, as a `dealbot worker` on any machine runs it: everything it needs but the database. */
export interface TrialJob {
  readonly studyId: string;
  readonly index: number;
  readonly values: Readonly<Record<string, ParamValue>>;
  /** The trial's whole config (the study's text with the trial's values set). */
  readonly configText: string;
  /** Where the candles are: a path every worker can read (a shared disk). */
  readonly dataDir: string;
  readonly objective: Objective;
}

export { QueueConnectError, QueueTrialError } from './queue.errors.js';

export const DEFAULT_QUEUE_NAME = 'dealbot-trials';
const CONNECT_TIMEOUT_MS = 3_000;

/** A job id per (study, trial): a trial put on the queue twice while its job is there runs once. */
export const trialJobId = (studyId: string, index: number): string => `${studyId}-${index}`;

/** A connection to the Redis at `url`, ready, or a QueueConnectError naming it. */
async function connect(url: string): Promise<Redis> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: null, connectTimeout: CONNECT_TIMEOUT_MS, retryStrategy: (times) => (times > 20 ? null : Math.min(times * 200, 2_000)) });
  let cause: unknown;
  redis.on('error', (error: unknown) => {
    // the first connection's cause is reported below; later ones ioredis reconnects after
    cause ??= error;
  });
  try {
    await redis.connect();
    await redis.ping();
    return redis;
  } catch (error) {
    redis.disconnect();
    const why = cause ?? error;
    throw new QueueConnectError(`--queue ${redactUrl(url)}: cannot reach Redis: ${why instanceof Error ? why.message : String(why)}`);
  }
}

/** How a job ended: its trial stored by a worker, or the worker's error after its attempts. */
export type JobEnd = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/** The coordinator's side: puts trials on the queue and hears when their jobs end. */
export class TrialQueue {
  readonly #waiting = new Map<string, (end: JobEnd) => void>();

  private constructor(
    private readonly queue: Queue,
    private readonly events: QueueEvents,
    private readonly connections: readonly Redis[],
  ) {
    events.on('completed', ({ jobId }) => this.#end(jobId, { ok: true }));
    events.on('failed', ({ jobId, failedReason }) => this.#end(jobId, { ok: false, reason: failedReason }));
  }

  static async open(url: string, name: string = DEFAULT_QUEUE_NAME): Promise<TrialQueue> {
    const connections = [await connect(url)];
    try {
      connections.push(await connect(url));
      const queue = new Queue(name, { connection: connections[0]! });
      const events = new QueueEvents(name, { connection: connections[1]! });
      await events.waitUntilReady();
      return new TrialQueue(queue, events, connections);
    } catch (error) {
      for (const c of connections) c.disconnect();
      throw error;
    }
  }

  /**
   * Puts the trial on the queue and resolves when its job ends (listening before it is added,
   * so no end is missed). `settled()` is asked first: a trial already stored is not queued.
   */
  async run(job: TrialJob, settled: () => Promise<boolean>): Promise<JobEnd> {
    const id = trialJobId(job.studyId, job.index);
    if (await settled()) return { ok: true };
    const ended = new Promise<JobEnd>((resolve) => this.#waiting.set(id, resolve));
    // the database is the truth: a completion event lost with a reconnection is found there
    const poll = setInterval(() => {
      settled().then(
        (done) => (done ? this.#end(id, { ok: true }) : undefined),
        () => undefined,
      );
    }, 1_000);
    try {
      await this.queue.add('trial', job, { jobId: id, removeOnComplete: true, removeOnFail: 1_000, attempts: 1 });
      return await ended;
    } finally {
      clearInterval(poll);
      this.#waiting.delete(id);
    }
  }

  #end(jobId: string, end: JobEnd): void {
    this.#waiting.get(jobId)?.(end);
  }

  async close(): Promise<void> {
    await this.events.close();
    await this.queue.close();
    for (const c of this.connections) await c.quit().catch(() => c.disconnect());
  }
}

export interface TrialWorkerOptions {
  /** How long a running trial's lock lasts without renewal; a killed worker's trial is retried on another after it (and a stalled check). */
  readonly lockMs: number;
  /** Trials this process runs at once. */
  readonly concurrency: number;
  /** Each job as it starts (a log line). */
  readonly onStart?: (job: TrialJob) => void;
  /** A job whose processing threw (the job fails with the message). */
  readonly onError?: (job: TrialJob, error: unknown) => void;
}

/**
 * A worker process's side: once Redis answers, `prepare` gives what runs each trial job (so
 * nothing is opened or written when the queue cannot be reached); then jobs run until closed.
 */
export async function startTrialWorker(url: string, name: string, prepare: () => Promise<(job: TrialJob) => Promise<void>>, options: TrialWorkerOptions): Promise<{ close(): Promise<void> }> {
  const connection = await connect(url);
  let process: (job: TrialJob) => Promise<void>;
  try {
    process = await prepare();
  } catch (error) {
    connection.disconnect();
    throw error;
  }
  const worker = new Worker<TrialJob>(
    name,
    async (job: Job<TrialJob>) => {
      options.onStart?.(job.data);
      try {
        await process(job.data);
      } catch (error) {
        options.onError?.(job.data, error);
        throw error;
      }
    },
    { connection, concurrency: options.concurrency, lockDuration: options.lockMs, stalledInterval: options.lockMs, maxStalledCount: 1 },
  );
  worker.on('error', () => {
    // connection errors: ioredis reconnects; the jobs' locks say what to retry
  });
  await worker.waitUntilReady();
  return {
    close: async () => {
      await worker.close();
      await connection.quit().catch(() => connection.disconnect());
    },
  };
}
