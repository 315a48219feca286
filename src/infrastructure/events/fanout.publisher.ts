import type { DomainEvent } from '../../domain/events.js';
import type { EventPublisher } from '../../domain/ports/event-publisher.port.js';

export type EventListener = (events: readonly DomainEvent[]) => void | Promise<void>;

/** Hands every committed batch of events to each subscriber, in subscription order. */
export class FanoutPublisher implements EventPublisher {
  readonly #listeners: EventListener[] = [];

  subscribe(listener: EventListener): void {
    this.#listeners.push(listener);
  }

  async publish(events: readonly DomainEvent[]): Promise<void> {
    const listeners = this.#listeners;
    for (let i = 0; i < listeners.length; i += 1) {
      const pending = listeners[i]!(events);
      if (pending !== undefined) await pending; // a listener that returns nothing costs no turn of the event loop
    }
  }
}
