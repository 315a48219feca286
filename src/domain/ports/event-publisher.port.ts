import type { DomainEvent } from '../events.js';

/** Where committed events go: the log, the console, a broker. */
export interface EventPublisher {
  /** Returns nothing when the events are already handed on (a backtest's listeners take them at once). */
  publish(events: readonly DomainEvent[]): Promise<void> | void;
}
