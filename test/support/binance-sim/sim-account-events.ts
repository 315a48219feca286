/**
 * The user data stream's outboundAccountPosition events and the faults a test aims at them alone
 * (user-data-stream.md: "sent any time an account balance has changed", after the executionReport
 * of the same change): held back (a late event) or lost, while the order events still flow.
 */
export class SimAccountEvents {
  readonly #held: unknown[] = [];
  #holding = false;
  #dropping = 0;

  constructor(private readonly publish: (event: unknown) => void) {}

  /** An account event the book made: sent, held back or lost, as the armed faults say. */
  send(event: unknown): void {
    if (this.#dropping > 0) {
      this.#dropping -= 1;
      return;
    }
    if (this.#holding) this.#held.push(event);
    else this.publish(event);
  }

  /** Account events wait from now on until release(): the exchange reports balance changes late. */
  hold(): void {
    this.#holding = true;
  }

  /** Sends the held account events, oldest first, and stops holding. */
  release(): void {
    this.#holding = false;
    for (const event of this.#held.splice(0)) this.publish(event);
  }

  /** The next `times` account events are never sent (nor recorded among the user events). */
  drop(times = 1): void {
    this.#dropping += times;
  }

  /** Account events held back now. */
  get held(): number {
    return this.#held.length;
  }
}
