import type { DomainEvent } from '../../domain/events.js';
import { formatUtc } from '../../infrastructure/shared/utc-time.js';

/** One readable line per deal event, or null for events an operator need not see. */
export function formatEvent(event: DomainEvent): string | null {
  if (event.type === 'OperatorActed') return `${formatUtc(event.occurredAt)}  operator ${event.action}: ${event.outcome}`;
  if (event.type === 'TradingPaused') return `${formatUtc(event.occurredAt)}  ${scope(event.symbol)} paused for new deals ${event.until === null ? 'until resumed' : `until ${formatUtc(event.until)}`}: ${event.reason}`;
  if (event.type === 'TradingResumed') return `${formatUtc(event.occurredAt)}  ${scope(event.symbol)} resumed for new deals`;
  const head = `${formatUtc(event.occurredAt)}  ${event.symbol.padEnd(9)} deal ${event.dealId}`;
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
      return event.side === 'sell' ? `${head}  sell ${event.amount} @ ${event.price ?? 'market'} placed` : null;
    case 'OrderFilled':
      return event.side === 'sell' ? `${head}  sold ${event.amount} @ ${event.price}` : null;
    case 'OrderRejected':
      return `${head}  ${event.side} order ${event.orderId} rejected: ${event.reason}`;
    case 'OrderOutcomeUnknown':
      return `${head}  ${event.side} order ${event.orderId} outcome unknown: ${event.reason}`;
    case 'OrderCancelled':
      return null;
    case 'OrderResolvedByOperator':
      return `${head}  ${event.side} order ${event.orderId} resolved by the operator as ${event.resolution}${event.note === null ? '' : `: ${event.note}`}`;
  }
}

function scope(symbol: string | null): string {
  return symbol === null ? 'all pairs' : symbol.padEnd(9);
}

function unpriced(fees: Readonly<Record<string, string>> | undefined): string {
  if (fees === undefined) return '';
  return Object.entries(fees).map(([currency, amount]) => ` + ${amount} ${currency}`).join('');
}
