import { DOMAIN_EVENT_TYPES, type DomainEvent } from '../../../domain/events.js';
import { formatUtc } from '../../shared/utc-time.js';
import type { EventEnvelope } from '../event-envelope.js';
import { eventText } from '../event-text.js';

/**
 * One human line per event for chat webhooks (Slack, Discord), in the words of the run's
 * console lines (eventText), for the events the console leaves out too: a chat that asked
 * for them gets them.
 */
export function envelopeLine(envelope: EventEnvelope): string {
  return `[${envelope.botPrefix.replace(/-$/, '')}] ${eventLine(eventOf(envelope), envelope)}`;
}

function eventOf(envelope: EventEnvelope): DomainEvent {
  return { ...envelope.payload, type: envelope.type, occurredAt: Date.parse(envelope.occurredAt), dealId: envelope.dealId, symbol: envelope.symbol } as DomainEvent;
}

function eventLine(event: DomainEvent, envelope: EventEnvelope): string {
  if ((DOMAIN_EVENT_TYPES as readonly string[]).includes(envelope.type)) return eventText(event);
  // A type newer than this build: still one line, with what every envelope has.
  return `${formatUtc(Date.parse(envelope.occurredAt))}  ${[envelope.symbol, envelope.dealId === null ? null : `deal ${envelope.dealId}`, envelope.type].filter((part) => part !== null).join(' ')}`;
}
