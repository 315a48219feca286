import { describe, expect, it } from 'vitest';
import type { EventEnvelope } from '../../../src/infrastructure/events/event-envelope.js';
import { tailLine } from '../../../src/interfaces/cli/event-tail-line.js';
import { envelopeOf } from '../../../src/interfaces/cli/events-tail.js';

const at = '2026-12-01T08:30:15.250Z';
const envelope = (type: string, payload: Record<string, unknown>, dealId: string | null = 'd9', symbol: string | null = 'SOL/USDT'): EventEnvelope =>
  ({ id: 'e1', type, version: 1, sequence: 42, occurredAt: at, botPrefix: 'dlb-', dealId, symbol, payload }) as EventEnvelope;

describe('events tail lines', () => {
  it.each([
    ['DealBought', { amount: '1.5', averagePrice: '20.1', sellOrderId: null }, 'bought 1.5 @ 20.1; no sell could be placed'],
    ['DealClosed', { pnl: '0.3', fees: '0.02', reason: 'take profit', dust: '0.001', unpricedFees: { BNB: '0.0001' } }, 'PnL 0.3, fees 0.02 + 0.0001 BNB, dust 0.001 (take profit)'],
    ['OrderPlaced', { side: 'sell', orderType: 'market', amount: '1.5', price: null, orderId: 'o2', exchangeOrderId: null }, 'sell market 1.5 @ market, order o2'],
    ['OrderPlaced', { side: 'sell', orderType: 'limit', amount: '1.5', price: '21', stopPrice: '19', orderId: 'o2', exchangeOrderId: 'x' }, 'sell limit 1.5 @ 21, stop 19, order o2'],
    ['OrderFilled', { side: 'sell', amount: '0.5', price: '21', fee: '0.01', filled: '0.5', complete: false, orderId: 'o2', tradeId: 't' }, 'sell 0.5 @ 21, fee 0.01, filled 0.5 (partly), order o2'],
    ['OrderCancelled', { side: 'buy', orderId: 'o1', status: 'expired', filled: '0', reason: null }, 'buy order o1 expired, filled 0'],
    ['OrderOutcomeUnknown', { side: 'buy', orderId: 'o1', reason: 'timeout' }, 'buy order o1 outcome unknown: timeout'],
    ['OrderResolvedByOperator', { side: 'buy', orderId: 'o1', resolution: 'canceled', note: 'gone', localStatus: 'unknown', exchangeSaid: 'no such order' }, 'buy order o1 resolved as canceled: gone'],
    ['TradingPaused', { until: Date.UTC(2026, 11, 1, 9), reason: 'panic sell cool-down' }, 'new deals paused until 2026-12-01 09:00:00: panic sell cool-down'],
    ['TradingResumed', {}, 'new deals resumed'],
    ['SomethingNewer', { level: 3, note: 'x' }, 'level=3 note=x'],
  ])('%s: %s', (type, payload, figures) => {
    expect(tailLine(envelope(type, payload))).toBe(`2026-12-01 08:30:15  #42  ${type.padEnd(23)}  SOL/USDT   deal d9  ${figures}`);
  });

  it('an event of no pair and no deal shows dashes', () => {
    expect(tailLine(envelope('TradingPaused', { until: null, reason: 'operator' }, null, null))).toBe(`2026-12-01 08:30:15  #42  TradingPaused            -          -  new deals paused until resumed: operator`);
  });
});

describe('a broker message read as an envelope', () => {
  it('takes an envelope and refuses what is not one', () => {
    const good = envelope('DealCancelled', { reason: 'expired' });
    expect(envelopeOf(JSON.stringify(good))).toEqual(good);
    expect(envelopeOf('not json')).toBeNull();
    expect(envelopeOf('null')).toBeNull();
    expect(envelopeOf(JSON.stringify({ ...good, sequence: '42' }))).toBeNull();
    expect(envelopeOf(JSON.stringify({ ...good, payload: null }))).toBeNull();
    expect(envelopeOf(JSON.stringify({ id: 'x', type: 'DealOpened' }))).toBeNull();
  });
});
