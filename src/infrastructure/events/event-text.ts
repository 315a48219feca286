import type { DomainEvent } from '../../domain/events.js';
import { formatUtc } from '../shared/utc-time.js';

/**
 * One readable line per event: the run's console (which leaves some out), chat webhooks and
 * `events tail` say the same thing in the same words. `pad` aligns the pair in a column.
 */
export function eventText(event: DomainEvent, pad = false): string {
  const at = formatUtc(event.occurredAt);
  const pair = (symbol: string | null): string => (symbol === null ? 'all pairs' : pad ? symbol.padEnd(9) : symbol);
  if (event.type === 'OperatorActed') return `${at}  operator ${event.action}: ${event.outcome}`;
  if (event.type === 'TradingPaused') return `${at}  ${pair(event.symbol)} paused for new deals ${event.until === null ? 'until resumed' : `until ${formatUtc(event.until)}`}: ${event.reason}`;
  if (event.type === 'TradingResumed') return `${at}  ${pair(event.symbol)} resumed for new deals`;
  const head = `${at}  ${pair(event.symbol)} deal ${event.dealId}`;
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
  }
}

function unpriced(fees: Readonly<Record<string, string>> | undefined): string {
  if (fees === undefined) return '';
  return Object.entries(fees).map(([currency, amount]) => ` + ${amount} ${currency}`).join('');
}
