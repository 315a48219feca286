import { DestinationRelay, type DestinationRelayOptions, type RelayStatus } from './destination-relay.js';
import type { EventDestination } from './event-destination.js';
import type { OutboxLog } from './outbox-log.js';

/** Where a run's committed events go besides its own publisher. */
export interface RelaySetup {
  /** One relay each, on its own cursor; whoever starts the relays closes them. */
  readonly destinations?: readonly EventDestination[];
  /** Where the relays tell their state changes (one line each). */
  readonly log?: (line: string) => void;
}

/** The run's relays, one per destination, each on its own cursor; none waits for another. */
export class EventRelays {
  readonly #relays: readonly DestinationRelay[];

  constructor(destinations: readonly EventDestination[], outbox: OutboxLog, options: DestinationRelayOptions) {
    this.#relays = destinations.map((destination) => new DestinationRelay(destination, outbox, options));
  }

  /** Every relay has its cursor (or is down, retrying): events committed from now on reach each. */
  async start(): Promise<void> {
    await Promise.all(this.#relays.map((relay) => relay.start()));
  }

  /** After a commit: idle relays look now. Synchronous and cheap, for the unit of work. */
  wake(): void {
    for (const relay of this.#relays) relay.wake();
  }

  status(): RelayStatus[] {
    return this.#relays.map((relay) => relay.status());
  }

  /** Each relay delivers what is committed for up to `graceMs`, then closes its destination; never throws. */
  async stop(graceMs: number): Promise<void> {
    await Promise.all(this.#relays.map((relay) => relay.stop(graceMs)));
  }
}
