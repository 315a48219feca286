import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { EventDestination } from '../event-destination.js';
import type { EventEnvelope } from '../event-envelope.js';
import { DeliveryError, reasonOf, SendQueue } from './delivery.js';

export interface LogFileDestinationOptions {
  readonly name: string;
  readonly path: string;
}

/**
 * Appends each envelope as one JSON line and resolves once the lines are on disk (datasync).
 * Opens the file (and makes its folder) on the first send. A line cut short by a crash is
 * closed with a newline before anything more is written, so every later line still parses.
 */
export class LogFileDestination implements EventDestination {
  readonly name: string;
  readonly #path: string;
  readonly #queue = new SendQueue();
  #file: FileHandle | null = null;
  #closed = false;

  constructor(options: LogFileDestinationOptions) {
    this.name = options.name;
    this.#path = options.path;
  }

  send(envelopes: readonly EventEnvelope[]): Promise<void> {
    return this.#queue.run(async () => {
      if (this.#closed) throw new DeliveryError(this.name, 'closed');
      if (envelopes.length === 0) return;
      try {
        const file = this.#file ?? (await this.#open());
        await file.write(envelopes.map((envelope) => `${JSON.stringify(envelope)}\n`).join(''));
        await file.datasync();
      } catch (error) {
        await this.#release();
        throw new DeliveryError(this.name, `${this.#path}: ${reasonOf(error)}`, { cause: error });
      }
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#queue.idle();
    await this.#release();
  }

  async #open(): Promise<FileHandle> {
    await mkdir(dirname(this.#path), { recursive: true });
    const file = await open(this.#path, 'a+');
    try {
      const { size } = await file.stat();
      if (size > 0) {
        const last = Buffer.alloc(1);
        await file.read(last, 0, 1, size - 1);
        if (last[0] !== 0x0a) await file.write('\n');
      }
    } catch (error) {
      await file.close().catch(() => {});
      throw error;
    }
    this.#file = file;
    return file;
  }

  async #release(): Promise<void> {
    const file = this.#file;
    this.#file = null;
    if (file) await file.close().catch(() => {});
  }
}
