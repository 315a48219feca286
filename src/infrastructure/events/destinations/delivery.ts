/**
 * A send a destination could not vouch for: one line naming the destination and why (never
 * a URL, which may hold a password or a webhook's secret path). The relay retries the batch.
 */
export class DeliveryError extends Error {
  override readonly name = 'DeliveryError';

  constructor(destination: string, reason: string, options?: ErrorOptions) {
    super(`${destination}: ${reason}`, options);
  }
}

/** The one-line reason of whatever was thrown. */
export function reasonOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error).split('\n')[0]!;
  // Node reports a refused connection to every address of a name as an AggregateError without a message.
  const message = error.message || (error instanceof AggregateError ? error.errors.map(reasonOf).join('; ') : '') || error.name;
  const cause = error.cause instanceof Error && error.cause.message !== message ? `: ${reasonOf(error.cause)}` : '';
  return `${message}${cause}`.split('\n')[0]!;
}

/**
 * `work`, or a rejection with `message` once `ms` passed. A `work` that ends later is
 * ignored (the race handles its rejection, so it cannot crash the process).
 */
export function deadline<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([work, expired]).finally(() => clearTimeout(timer));
}

/**
 * Runs tasks one after another in the order they were given, so two sends can never
 * interleave their events; `idle()` resolves once every task given so far has ended.
 */
export class SendQueue {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(task);
    this.#tail = result.catch(() => {});
    return result;
  }

  idle(): Promise<void> {
    return this.#tail.then(() => {});
  }
}
