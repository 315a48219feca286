/**
 * Runs async work one piece at a time, in call order: a tick's work and an operator's action
 * never interleave on the same deals.
 */
export class SerialLock {
  #tail: Promise<unknown> = Promise.resolve();
  #pending = 0;
  /** Marks a run's end. */
  readonly #done = (): void => {
    this.#pending -= 1;
  };

  /** Work is queued or running. */
  get busy(): boolean {
    return this.#pending > 0;
  }

  /** Idle, the work starts at once, in the caller's turn; otherwise after the work queued before it. */
  run<T>(work: () => Promise<T>): Promise<T> {
    this.#pending += 1;
    const result = this.#pending === 1 ? start(work) : this.#tail.then(work);
    this.#tail = result.then(this.#done, this.#done);
    return result;
  }
}

function start<T>(work: () => Promise<T>): Promise<T> {
  try {
    return work();
  } catch (error) {
    return Promise.reject(error as Error);
  }
}
