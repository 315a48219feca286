import type { DomainEvent } from '../events.js';

/** Where committed events go: the log, the console, a broker. */
export interface EventPublisher {
  publish(events: readonly DomainEvent[]): Promise<void>;
}
