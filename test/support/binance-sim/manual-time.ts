import type { Clock } from '../../../src/domain/ports/clock.port.js';

interface Sleeper {
  readonly wakeAt: number;
  readonly resolve: () => void;
}

/**
 * Simulated time for tests: a Clock plus a `sleep` that waits on that clock. In manual mode a
 * sleeper wakes only when the test calls advance(); in auto mode sleep() moves the clock
 * forward by itself, so backoffs take no wall time.
 */
export class ManualTime implements Clock {
  #now: number;
  #sleepers: Sleeper[] = [];
  readonly #auto: boolean;

  constructor(startMs: number, options: { auto?: boolean } = {}) {
    this.#now = startMs;
    this.#auto = options.auto ?? false;
  }

  now = (): number => this.#now;

  /** Resolves once `ms` of this clock have passed; rejects when `signal` aborts. */
  sleep = (ms: number, signal?: AbortSignal): Promise<void> => {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.#auto) {
      this.#now += Math.max(0, ms);
      return Promise.resolve();
    }
    if (ms <= 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const sleeper: Sleeper = {
        wakeAt: this.#now + ms,
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = (): void => {
        this.#sleepers = this.#sleepers.filter((s) => s !== sleeper);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#sleepers.push(sleeper);
    });
  };

  /** How many sleeps are waiting for the clock. */
  get sleeping(): number {
    return this.#sleepers.length;
  }

  /** Moves the clock forward and wakes every sleeper that is due, earliest first. */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`cannot advance by ${ms}`);
    this.#now += ms;
    const due = this.#sleepers.filter((s) => s.wakeAt <= this.#now).sort((a, b) => a.wakeAt - b.wakeAt);
    this.#sleepers = this.#sleepers.filter((s) => s.wakeAt > this.#now);
    for (const sleeper of due) sleeper.resolve();
  }
}

/** Waits (in wall time) until `condition` holds; for results of real I/O. Fails after `timeoutMs`. */
export async function waitFor(condition: () => boolean, what = 'condition', timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Lets pending callbacks and short I/O finish; used before asserting that nothing happened. */
export async function settle(ms = 30): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}
