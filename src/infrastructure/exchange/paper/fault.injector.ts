export type FaultableMethod = 'createOrder' | 'cancelOrder' | 'fetchOrder';

export interface FaultOptions {
  /** Throw only after the exchange applied the call: "the order was placed but the answer was lost". */
  readonly afterApplying?: boolean;
}

interface Fault {
  readonly error: Error;
  readonly afterApplying: boolean;
}

/** Queued failures, one per call, per method; first in, first out. */
export class FaultInjector {
  readonly #queues = new Map<FaultableMethod, Fault[]>();

  add(method: FaultableMethod, error: Error, options: FaultOptions = {}): void {
    const queue = this.#queues.get(method) ?? [];
    queue.push({ error, afterApplying: options.afterApplying === true });
    this.#queues.set(method, queue);
  }

  run<T>(method: FaultableMethod, call: () => T): T {
    const fault = this.#queues.get(method)?.shift();
    if (fault === undefined) return call();
    if (fault.afterApplying) {
      try {
        call();
      } catch {
        // The exchange's own answer, success or refusal, is lost with the connection.
      }
    }
    throw fault.error;
  }
}
