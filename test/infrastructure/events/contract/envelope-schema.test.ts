import { describe, expect, it } from 'vitest';
import { EXAMPLE_ENVELOPES } from '../../../../src/infrastructure/events/contract/examples.js';
import { EventContractError, parseEventEnvelope } from '../../../../src/infrastructure/events/contract/index.js';

type Json = Record<string, unknown>;
/** A deep copy of the example of `type` with `change` applied to it. */
function mutated(type: keyof typeof EXAMPLE_ENVELOPES, change: (envelope: Json & { payload: Json }) => void): unknown {
  const copy = JSON.parse(JSON.stringify(EXAMPLE_ENVELOPES[type])) as Json & { payload: Json };
  change(copy);
  return copy;
}

function rejection(value: unknown): string {
  try {
    parseEventEnvelope(value);
  } catch (error) {
    expect(error).toBeInstanceOf(EventContractError);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error('the envelope was accepted');
}

describe('parseEventEnvelope rejects an envelope that breaks the contract, naming the field', () => {
  it('money as a JSON number', () => {
    expect(rejection(mutated('DealClosed', (e) => (e.payload.pnl = -1.25)))).toMatch(/^event envelope breaks the contract: payload\.pnl: .*string/);
    expect(rejection(mutated('OrderFilled', (e) => (e.payload.fee = 0.0999)))).toContain('payload.fee');
  });

  it('a field the contract does not name, in the payload or the envelope', () => {
    expect(rejection(mutated('DealClosed', (e) => (e.payload.profit = '1')))).toBe('event envelope breaks the contract: payload.profit: not part of the contract');
    expect(rejection(mutated('TradingResumed', (e) => (e.payload.until = null)))).toContain('payload.until: not part of the contract');
    expect(rejection(mutated('DealOpened', (e) => (e.extra = 1)))).toContain(': extra: not part of the contract');
  });

  it('a missing id, a missing payload field, an unknown type, another version', () => {
    expect(rejection(mutated('DealOpened', (e) => delete e.id))).toMatch(/: id: /);
    expect(rejection(mutated('OrderPlaced', (e) => delete e.payload.exchangeOrderId))).toContain('payload.exchangeOrderId');
    expect(rejection(mutated('DealOpened', (e) => (e.type = 'DealExploded')))).toContain('type: ');
    expect(rejection(mutated('DealOpened', (e) => (e.version = 2)))).toContain('version: ');
  });

  it('decimals: no exponent, no sign where a value cannot be negative; pnl may be negative', () => {
    expect(rejection(mutated('OrderFilled', (e) => (e.payload.amount = '1e-8')))).toContain('payload.amount');
    expect(rejection(mutated('OrderFilled', (e) => (e.payload.price = '-3000')))).toContain('payload.price');
    expect(rejection(mutated('DealClosed', (e) => (e.payload.fees = '-0.1')))).toContain('payload.fees');
    expect(rejection(mutated('DealClosed', (e) => (e.payload.pnl = '1.5.2')))).toContain('payload.pnl');
    expect(parseEventEnvelope(mutated('DealClosed', (e) => (e.payload.pnl = '-5.29'))).payload.pnl).toBe('-5.29');
    expect(parseEventEnvelope(mutated('DealOpened', (e) => (e.payload.price = 'market'))).payload.price).toBe('market');
  });

  it('occurredAt: ISO 8601 in UTC with milliseconds only', () => {
    expect(rejection(mutated('DealOpened', (e) => (e.occurredAt = '2024-05-01T12:30:00Z')))).toContain('occurredAt');
    expect(rejection(mutated('DealOpened', (e) => (e.occurredAt = '2024-05-01T14:30:00.000+02:00')))).toContain('occurredAt');
    expect(rejection(mutated('DealOpened', (e) => (e.occurredAt = 1714566600000)))).toContain('occurredAt');
  });

  it('what an envelope of each kind says of deal and pair', () => {
    expect(rejection(mutated('DealOpened', (e) => (e.dealId = null)))).toContain('dealId');
    expect(rejection(mutated('OrderFilled', (e) => (e.symbol = null)))).toContain('symbol');
    expect(rejection(mutated('TradingPaused', (e) => (e.dealId = 'k3x9a2m0001')))).toContain('dealId');
    expect(rejection(mutated('OperatorActed', (e) => (e.symbol = 'ETH/USDT')))).toContain('symbol');
    expect(parseEventEnvelope(mutated('TradingPaused', (e) => (e.symbol = null))).symbol).toBeNull();
    expect(rejection(mutated('TradingPaused', (e) => (e.payload.until = '2024-05-01T15:30:00.000Z')))).toContain('payload.until');
  });

  it('names three faults at most, on one line, and counts the rest', () => {
    const message = rejection({ ...(EXAMPLE_ENVELOPES.DealClosed as object), id: '', sequence: 0, botPrefix: '', dealId: '', symbol: '' });
    expect(message.split('; ')).toHaveLength(3);
    expect(message).toMatch(/\(and 2 more\)$/);
  });

  it('rejects what is not an envelope at all', () => {
    expect(rejection(null)).toMatch(/^event envelope breaks the contract: \(envelope\): /);
    expect(rejection('{"type":"DealOpened"}')).toContain('(envelope)');
  });
});
