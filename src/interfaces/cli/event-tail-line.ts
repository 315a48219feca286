import type { EventEnvelope } from '../../infrastructure/events/event-envelope.js';

/**
 * One line per event for `dealbot events tail`: time (UTC, to the second), #sequence, type,
 * pair, deal and the figures that matter. Unlike the run's console lines (event-line.ts) every
 * event gets a line, and it reads an envelope, so events from a broker print the same way.
 */
export function tailLine(envelope: EventEnvelope): string {
  const time = envelope.occurredAt.slice(0, 19).replace('T', ' ');
  const deal = envelope.dealId === null || envelope.dealId === '' ? '-' : `deal ${envelope.dealId}`;
  const head = `${time}  #${envelope.sequence}  ${envelope.type.padEnd(23)}  ${(envelope.symbol ?? '-').padEnd(9)}  ${deal}`;
  const figures = figuresOf(envelope.type, envelope.payload);
  return figures === '' ? head : `${head}  ${figures}`;
}

type Payload = Readonly<Record<string, unknown>>;

function figuresOf(type: string, p: Payload): string {
  const v = (key: string): string => text(p[key]);
  const why = (key: string): string => (p[key] === null || p[key] === undefined ? '' : `: ${v(key)}`);
  switch (type) {
    case 'DealOpened':
      return `buy ${v('amount')} @ ${v('price')}`;
    case 'DealBought':
      return `bought ${v('amount')} @ ${v('averagePrice')}${p.sellOrderId === null ? '; no sell could be placed' : ''}`;
    case 'DealClosed':
      return `PnL ${v('pnl')}, fees ${v('fees')}${unpriced(p.unpricedFees)}${p.dust === undefined ? '' : `, dust ${v('dust')}`} (${v('reason')})`;
    case 'DealClosing':
    case 'DealWaiting':
    case 'DealCancelled':
      return v('reason');
    case 'OrderPlaced':
      return `${v('side')} ${v('orderType')} ${v('amount')} @ ${p.price === null ? 'market' : v('price')}${p.stopPrice === undefined ? '' : `, stop ${v('stopPrice')}`}, order ${v('orderId')}`;
    case 'OrderFilled':
      return `${v('side')} ${v('amount')} @ ${v('price')}, fee ${v('fee')}${p.feeCurrency === undefined ? '' : ` ${v('feeCurrency')}`}, filled ${v('filled')}${p.complete === true ? '' : ' (partly)'}, order ${v('orderId')}`;
    case 'OrderCancelled':
      return `${v('side')} order ${v('orderId')} ${v('status')}, filled ${v('filled')}${why('reason')}`;
    case 'OrderRejected':
      return `${v('side')} order ${v('orderId')} rejected${why('reason')}`;
    case 'OrderOutcomeUnknown':
      return `${v('side')} order ${v('orderId')} outcome unknown${why('reason')}`;
    case 'OrderResolvedByOperator':
      return `${v('side')} order ${v('orderId')} resolved as ${v('resolution')}${why('note')}`;
    case 'OperatorActed':
      return `${v('action')} (${v('status')}): ${v('outcome')}`;
    case 'TradingPaused':
      return `new deals paused ${typeof p.until === 'number' ? `until ${new Date(p.until).toISOString().slice(0, 19).replace('T', ' ')}` : 'until resumed'}${why('reason')}`;
    case 'TradingResumed':
      return 'new deals resumed';
    default:
      // a type this version does not know (a newer bot's): its fields as they are
      return Object.entries(p).map(([key, value]) => `${key}=${text(value)}`).join(' ');
  }
}

function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return '-';
  return JSON.stringify(value);
}

function unpriced(fees: unknown): string {
  if (fees === null || typeof fees !== 'object') return '';
  return Object.entries(fees as Record<string, unknown>).map(([currency, amount]) => ` + ${text(amount)} ${currency}`).join('');
}
