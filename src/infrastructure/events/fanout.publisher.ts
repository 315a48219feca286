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
    for (const listener of this.#listeners) await listener(events);
  }
}
