import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../../../src/domain/events.js';
import { envelopeLine } from '../../../../src/infrastructure/events/destinations/envelope-line.js';
import { toEnvelope, type EventEnvelope } from '../../../../src/infrastructure/events/event-envelope.js';
import { formatEvent } from '../../../../src/interfaces/cli/event-line.js';
import { dealEvents } from './envelopes.js';

const AT = Date.parse('2026-03-01T12:00:00.000Z');
const base = { occurredAt: AT, dealId: 'd7', symbol: 'ETH/USDT', orderId: 'dlb-d7-s' };
const more: DomainEvent[] = [
  ...dealEvents('d7', 'ETH/USDT'),
  { ...base, type: 'DealBought', amount: '1', averagePrice: '2000', sellOrderId: null },
  { ...base, type: 'DealClosing', reason: 'stop loss' },
  { ...base, type: 'DealClosed', pnl: '-1.5', fees: '0.2', reason: 'stop loss', dust: '0.0001', unpricedFees: { BNB: '0.001' } },
  { ...base, type: 'DealWaiting', reason: 'sell outcome unknown' },
  { ...base, type: 'DealCancelled', reason: 'buy expired' },
  { ...base, type: 'OrderPlaced', side: 'sell', orderType: 'market', price: null, amount: '1', exchangeOrderId: 'x1' },
  { ...base, type: 'OrderFilled', side: 'sell', tradeId: 't9', price: '2010', amount: '1', fee: '2.01', filled: '1', complete: true },
  { ...base, type: 'OrderRejected', side: 'sell', reason: 'insufficient balance' },
  { ...base, type: 'OrderOutcomeUnknown', side: 'buy', reason: 'timeout' },
  { ...base, type: 'OrderCancelled', side: 'buy', status: 'expired', filled: '0', reason: 'order life time' },
  { ...base, type: 'OrderResolvedByOperator', side: 'sell', resolution: 'canceled', note: 'gone', localStatus: 'open', exchangeSaid: 'no such order' },
];
const envelopeOf = (event: DomainEvent, sequence = 1): EventEnvelope => toEnvelope({ sequence, eventId: `e${sequence}`, event }, 'dlb-');
const spaced = (line: string): string => line.replace(/ +/g, ' ');

describe('envelopeLine: one chat line per event', () => {
  it.each(more.map((event) => [event.type, event] as const))('%s: one line, in the words of the console line where there is one', (_, event) => {
    const line = envelopeLine(envelopeOf(event));
    expect(line).not.toMatch(/\n/);
    expect(line.startsWith('[dlb] 2026-03-01 12:')).toBe(true);
    const console = formatEvent(event);
    if (console !== null) expect(spaced(line)).toBe(spaced(`[dlb] ${console}`));
  });

  it('says what the console leaves out: buys placed and filled, cancelled orders', () => {
    expect(envelopeLine(envelopeOf(dealEvents('d1')[1]!))).toMatch(/deal d1  buy 0\.1 @ 100\.5 placed$/);
    expect(envelopeLine(envelopeOf(dealEvents('d1')[2]!))).toMatch(/deal d1  bought 0\.1 @ 100\.5$/);
    expect(envelopeLine(envelopeOf(more.find((e) => e.type === 'OrderCancelled')!))).toMatch(/buy order dlb-d7-s expired: order life time$/);
  });

  it('a type it does not know still gets a line with its time, pair, deal and type', () => {
    const envelope = { ...envelopeOf(more[0]!), type: 'TradingHalted', payload: {} } as unknown as EventEnvelope;
    expect(envelopeLine(envelope)).toBe('[dlb] 2026-03-01 12:00  ETH/USDT deal d7 TradingHalted');
    expect(envelopeLine({ ...envelope, dealId: null, symbol: null })).toBe('[dlb] 2026-03-01 12:00  TradingHalted');
  });

  it('pauses and resumes in the words of the console', () => {
    const paused: DomainEvent = { type: 'TradingPaused', occurredAt: AT, symbol: null, until: null, reason: 'operator' };
    expect(envelopeLine(envelopeOf(paused))).toBe('[dlb] 2026-03-01 12:00  all pairs paused for new deals until resumed: operator');
    expect(envelopeLine(envelopeOf({ type: 'TradingResumed', occurredAt: AT, symbol: 'ETH/USDT' }))).toBe('[dlb] 2026-03-01 12:00  ETH/USDT resumed for new deals');
  });
});
