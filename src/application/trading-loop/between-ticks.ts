import type { SerialLock } from '../shared/serial-lock.js';

/**
 * Work that arrives between ticks (the exchange's pushed order updates): at most one run waits
 * for the loop's lock at a time, and later requests share it; what a run throws is kept for the
 * next tick to throw, as if the tick had thrown it.
 */
export class BetweenTicks {
  #waiting: Promise<boolean> | null = null;
  #error: unknown = undefined;
  #open = false;
  #onNews: () => void = () => undefined;
  /** What the exchange calls when it pushed news: asks for a run while open, does nothing after. */
  readonly listener = (): void => {
    if (this.#open) this.#onNews();
  };

  /** From now on news asks for a run (`onNews`). */
  open(onNews: () => void): void {
    this.#onNews = onNews;
    this.#open = true;
  }

  /** No more runs: news is ignored, and a run still waiting for the lock does nothing. */
  close(): void {
    this.#open = false;
  }

  /** `work` under `lock`, or the run already waiting for it. `work` runs after every request made before it started. */
  request(lock: SerialLock, work: () => Promise<boolean>): Promise<boolean> {
    if (!this.#open) return Promise.resolve(false);
    if (this.#waiting !== null) return this.#waiting;
    let started = false;
    const run = lock
      .run(() => {
        // running now: a request from here on needs a run of its own
        started = true;
        this.#waiting = null;
        return this.#open ? work() : Promise.resolve(false);
      })
      .catch((error: unknown) => {
        this.#error ??= error;
        return false;
      });
    // an idle lock starts the work in this very call
    if (!started) this.#waiting = run;
    return run;
  }

  /** Throws what a run threw since the last call, once. */
  rethrow(): void {
    const error = this.#error;
    if (error === undefined) return;
    this.#error = undefined;
    throw error;
  }
}
