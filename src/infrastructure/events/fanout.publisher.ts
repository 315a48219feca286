import type { DomainEvent } from '../../domain/events.js';
import type { EventPublisher } from '../../domain/ports/event-publisher.port.js';

export type EventListener = (events: readonly DomainEvent[]) => void | Promise<void>;

/** Hands every committed batch of events to each subscriber, in subscription order. */
export class FanoutPublisher implements EventPublisher {
  readonly #listeners: EventListener[] = [];

  subscribe(listener: EventListener): void {
    this.#listeners.push(listener);
  }

  /** Synchronous while the listeners are: one that returns a promise is waited for before the next runs. */
  publish(events: readonly DomainEvent[]): Promise<void> | void {
    return this.#from(events, 0);
  }

  #from(events: readonly DomainEvent[], start: number): Promise<void> | void {
    const listeners = this.#listeners;
    for (let i = start; i < listeners.length; i += 1) {
      const pending = listeners[i]!(events);
      if (pending !== undefined) return pending.then(() => this.#from(events, i + 1));
    }
  }
}
