import type { DomainEvent } from '../../domain/events.js';

/** The version of the envelope and payload shapes below; raised on any change a consumer must know of. */
export const EVENT_CONTRACT_VERSION = 1;

/**
 * One domain event as it leaves the process (docs/events/): the same record to every
 * destination, de-duplicable by `id`, ordered by `sequence` (commit order of the outbox).
 */
export interface EventEnvelope {
  /** Stable across re-sends: a consumer that saw this id has seen this event. */
  readonly id: string;
  readonly type: DomainEvent['type'];
  readonly version: typeof EVENT_CONTRACT_VERSION;
  /** The outbox row's id: strictly increasing in commit order within one database. */
  readonly sequence: number;
  /** When it happened, ISO 8601 UTC with milliseconds (market time in paper runs over history). */
  readonly occurredAt: string;
  /** The bot's client-order-id prefix, e.g. `dlb-`. */
  readonly botPrefix: string;
  readonly dealId: string | null;
  readonly symbol: string | null;
  /** The rest of the event's fields; money and amounts as decimal strings. */
  readonly payload: Readonly<Record<string, unknown>>;
}

/** An event as the outbox holds it. */
export interface StoredEvent {
  readonly sequence: number;
  /** The id given to the event when it was stored, or null for rows written before ids existed. */
  readonly eventId: string | null;
  readonly event: DomainEvent;
}

/** The event's id for rows stored before 0011 gave each its own. */
export function fallbackEventId(botPrefix: string, sequence: number): string {
  return `${botPrefix}outbox-${sequence}`;
}

export function toEnvelope(stored: StoredEvent, botPrefix: string): EventEnvelope {
  const { type, occurredAt, ...rest } = stored.event;
  const { dealId = null, symbol = null, ...payload } = rest as { dealId?: string; symbol?: string } & Record<string, unknown>;
  return {
    id: stored.eventId ?? fallbackEventId(botPrefix, stored.sequence),
    type,
    version: EVENT_CONTRACT_VERSION,
    sequence: stored.sequence,
    occurredAt: new Date(occurredAt).toISOString(),
    botPrefix,
    dealId,
    symbol,
    payload,
  };
}

/** `dealbot.<prefix without its dash>.<type>`: the RabbitMQ routing key and the NATS subject. */
export function eventTopic(envelope: Pick<EventEnvelope, 'botPrefix' | 'type'>): string {
  return `dealbot.${envelope.botPrefix.replace(/-$/, '')}.${envelope.type}`;
}
