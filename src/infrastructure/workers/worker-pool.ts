import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { WorkerEntry } from './worker-entry.js';

/** What a pool's worker posts back for a task: its result, or the message of what it threw. */
export type WorkerReply<O> = { readonly id: number; readonly ok: true; readonly value: O } | { readonly id: number; readonly ok: false; readonly error: string };

/** What a task threw inside its worker: the worker itself is fine and takes the next task. */
export class WorkerTaskError extends Error {
  override readonly name = 'WorkerTaskError';
}

interface Slot<O> {
  readonly worker: Worker;
  busy: { readonly id: number; resolve(value: O): void; reject(error: Error): void } | null;
  /** A worker that exited or failed takes no more tasks. */
  dead: boolean;
}

interface Waiting<I, O> {
  readonly task: I;
  resolve(value: O): void;
  reject(error: Error): void;
}

/**
 * `size` worker threads on one module, each given `workerData` once, then tasks one at a time
 * (`{ id, task }` in, a WorkerReply out). Tasks wait in order for a free worker. A task that
 * throws rejects with a WorkerTaskError; a worker that dies rejects its task with the cause,
 * and the others go on.
 */
export class WorkerPool<I, O> {
  readonly #slots: Slot<O>[] = [];
  readonly #queue: Waiting<I, O>[] = [];
  #nextId = 0;
  #closed = false;

  /** `resourceLimits`: each worker's heap limits (Node's defaults when left out). */
  constructor(entry: WorkerEntry, size: number, workerData: unknown, resourceLimits?: ResourceLimits) {
    if (!Number.isSafeInteger(size) || size < 1) throw new RangeError(`a worker pool needs at least 1 worker, got ${size}`);
    const options = { workerData, ...(resourceLimits !== undefined && { resourceLimits }) };
    for (let i = 0; i < size; i += 1) {
      const worker = 'code' in entry ? new Worker(entry.code, { eval: true, ...options }) : new Worker(entry.file, options);
      const slot: Slot<O> = { worker, busy: null, dead: false };
      worker.on('message', (reply: WorkerReply<O>) => this.#settle(slot, reply));
      worker.on('error', (error) => this.#lose(slot, error));
      worker.on('exit', (code) => this.#lose(slot, new Error(`worker thread exited with code ${code}`)));
      this.#slots.push(slot);
    }
  }

  get size(): number {
    return this.#slots.length;
  }

  run(task: I): Promise<O> {
    if (this.#closed) return Promise.reject(new Error('the worker pool is closed'));
    return new Promise<O>((resolve, reject) => {
      this.#queue.push({ task, resolve, reject });
      this.#dispatch();
    });
  }

  /** Stops every worker; tasks running or waiting are refused. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const waiting of this.#queue.splice(0)) waiting.reject(new Error('the worker pool is closed'));
    await Promise.all(this.#slots.map((slot) => slot.worker.terminate()));
  }

  #dispatch(): void {
    for (const slot of this.#slots) {
      if (slot.busy !== null || slot.dead) continue;
      const waiting = this.#queue.shift();
      if (waiting === undefined) return;
      const id = (this.#nextId += 1);
      slot.busy = { id, resolve: waiting.resolve, reject: waiting.reject };
      slot.worker.postMessage({ id, task: waiting.task });
    }
    if (this.#queue.length > 0 && this.#slots.every((slot) => slot.dead)) {
      for (const waiting of this.#queue.splice(0)) waiting.reject(new Error('every worker thread of the pool has stopped'));
    }
  }

  #settle(slot: Slot<O>, reply: WorkerReply<O>): void {
    const busy = slot.busy;
    if (busy === null || busy.id !== reply.id) return;
    slot.busy = null;
    if (reply.ok) busy.resolve(reply.value);
    else busy.reject(new WorkerTaskError(reply.error));
    this.#dispatch();
  }

  #lose(slot: Slot<O>, error: Error): void {
    if (slot.dead) return;
    slot.dead = true;
    const busy = slot.busy;
    slot.busy = null;
    busy?.reject(this.#closed ? new Error('the worker pool is closed') : error);
    this.#dispatch();
  }
}
