/**
 * Runs async work one piece at a time, in call order: a tick's work and an operator's action
 * never interleave on the same deals.
 */
export class SerialLock {
  #tail: Promise<unknown> = Promise.resolve();
  #pending = 0;

  /** Work is queued or running. */
  get busy(): boolean {
    return this.#pending > 0;
  }

  run<T>(work: () => Promise<T>): Promise<T> {
    this.#pending += 1;
    const result = this.#tail.then(work);
    const done = (): void => {
      this.#pending -= 1;
    };
    this.#tail = result.then(done, done);
    return result;
  }
}
