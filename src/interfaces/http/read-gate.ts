/**
 * Trading first, readers after: the API's reads share the bot's one event loop with its
 * trading, so a crowd of readers would put every step of a tick behind their handlers. While
 * a tick runs, reads not yet begun wait for it to end (at most `maxWaitMs`, so a tick stuck on a
 * slow exchange does not blind the operator); and at most `maxConcurrent` reads run at once,
 * so a tick that begins meanwhile competes with a few, never with hundreds.
 */
export class ReadGate {
  #tick = false;
  #running = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(
    readonly maxConcurrent = 8,
    readonly maxWaitMs = 250,
  ) {}

  /** A tick's candles arrived: reads wait. */
  tickStarted(): void {
    this.#tick = true;
  }

  /** The tick's steps are done: waiting reads go on. */
  tickEnded(): void {
    this.#tick = false;
    this.#admit();
  }

  /** Reads running and waiting now (for tests and metrics). */
  get load(): { readonly running: number; readonly waiting: number } {
    return { running: this.#running, waiting: this.#waiting.length };
  }

  /** Resolves when the read may run, with the function that says it ended (once is enough; more are ignored). */
  async enter(): Promise<() => void> {
    if (this.#tick || this.#running >= this.maxConcurrent || this.#waiting.length > 0) await this.#wait();
    else this.#running += 1;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.#running -= 1;
      this.#admit();
    };
  }

  /** Resolves once admitted, counted as running. */
  #wait(): Promise<void> {
    return new Promise((resolve) => {
      const admit = (): void => {
        clearTimeout(timer);
        const i = this.#waiting.indexOf(admit);
        if (i >= 0) this.#waiting.splice(i, 1);
        this.#running += 1;
        resolve();
      };
      // waited long enough: runs even during a tick or beyond maxConcurrent
      const timer = setTimeout(admit, this.maxWaitMs);
      this.#waiting.push(admit);
    });
  }

  #admit(): void {
    while (!this.#tick && this.#running < this.maxConcurrent && this.#waiting.length > 0) this.#waiting[0]!();
  }
}
