import type { DomainEvent } from '../../../domain/events.js';
import { formatUtc } from '../../shared/utc-time.js';
import type { EventEnvelope } from '../event-envelope.js';

/**
 * One human line per event for chat webhooks (Slack, Discord), in the words of the run's
 * console lines (src/interfaces/cli/event-line.ts, which infrastructure may not import), and
 * a line for the events the console leaves out too: a chat that asked for them gets them.
 */
export function envelopeLine(envelope: EventEnvelope): string {
  return `[${envelope.botPrefix.replace(/-$/, '')}] ${eventLine(eventOf(envelope), envelope)}`;
}

function eventOf(envelope: EventEnvelope): DomainEvent {
  return { ...envelope.payload, type: envelope.type, occurredAt: Date.parse(envelope.occurredAt), dealId: envelope.dealId, symbol: envelope.symbol } as DomainEvent;
}

function eventLine(event: DomainEvent, envelope: EventEnvelope): string {
  if (event.type === 'OperatorActed') return `${formatUtc(event.occurredAt)}  operator ${event.action}: ${event.outcome}`;
  const head = `${formatUtc(event.occurredAt)}  ${envelope.symbol ?? ''} deal ${envelope.dealId ?? ''}`;
  switch (event.type) {
    case 'DealOpened':
      return `${head}  opened: buy ${event.amount} @ ${event.price}`;
    case 'DealBought':
      return `${head}  bought ${event.amount} @ ${event.averagePrice}${event.sellOrderId ? '' : '; no sell could be placed'}`;
    case 'DealClosing':
      return `${head}  closing: ${event.reason}`;
    case 'DealClosed':
      return `${head}  closed (${event.reason}): PnL ${event.pnl}, fees ${event.fees}${unpriced(event.unpricedFees)}${event.dust ? `, dust ${event.dust}` : ''}`;
    case 'DealWaiting':
      return `${head}  waiting for an operator: ${event.reason}`;
    case 'DealCancelled':
      return `${head}  cancelled: ${event.reason}`;
    case 'OrderPlaced':
      return `${head}  ${event.side} ${event.amount} @ ${event.price ?? 'market'} placed`;
    case 'OrderFilled':
      return `${head}  ${event.side === 'sell' ? 'sold' : 'bought'} ${event.amount} @ ${event.price}`;
    case 'OrderRejected':
      return `${head}  ${event.side} order ${event.orderId} rejected: ${event.reason}`;
    case 'OrderOutcomeUnknown':
      return `${head}  ${event.side} order ${event.orderId} outcome unknown: ${event.reason}`;
    case 'OrderCancelled':
      return `${head}  ${event.side} order ${event.orderId} ${event.status}${event.reason === null ? '' : `: ${event.reason}`}`;
    case 'OrderResolvedByOperator':
      return `${head}  ${event.side} order ${event.orderId} resolved by the operator as ${event.resolution}${event.note === null ? '' : `: ${event.note}`}`;
    default:
      // A type newer than this list: still one line, with what every envelope has.
      return `${formatUtc(Date.parse(envelope.occurredAt))}  ${[envelope.symbol, envelope.dealId === null ? null : `deal ${envelope.dealId}`, envelope.type].filter((part) => part !== null).join(' ')}`;
  }
}

function unpriced(fees: Readonly<Record<string, string>> | undefined): string {
  if (fees === undefined) return '';
  return Object.entries(fees).map(([currency, amount]) => ` + ${amount} ${currency}`).join('');
}
