import { describe, expect, it } from 'vitest';
import { buildClientOrderId, CLIENT_ORDER_ID_PATTERN, orderLeg, parseClientOrderId } from '../../../src/domain/shared/client-order-id.js';
import { DomainError } from '../../../src/domain/shared/domain-error.js';

describe('client order ids: <prefix><deal>-<leg><attempt>', () => {
  it('builds prefix, deal id, leg and attempt', () => {
    expect(buildClientOrderId('dlb-', '043fuyo000s', 'b', 1)).toBe('dlb-043fuyo000s-b1');
    expect(buildClientOrderId('x', 'd9', 'x', 12)).toBe('xd9-x12');
  });

  it('accepts exactly 36 characters and refuses 37, with a DomainError naming the id', () => {
    const deal = 'a'.repeat(31); // 'p-' + 31 + '-s1' = 36
    expect(buildClientOrderId('p-', deal, 's', 1)).toHaveLength(36);
    let thrown: unknown;
    try {
      buildClientOrderId('p-', deal, 's', 10);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DomainError);
    expect((thrown as DomainError).code).toBe('CLIENT_ORDER_ID');
    expect((thrown as DomainError).message).toBe(`client order id "p-${deal}-s10" breaks ${CLIENT_ORDER_ID_PATTERN.source}`);
  });

  it('refuses characters exchanges do not accept', () => {
    expect(() => buildClientOrderId('dlb ', 'd1', 'b', 1)).toThrow(DomainError);
    expect(() => buildClientOrderId('dlb#', 'd1', 'b', 1)).toThrow(DomainError);
    expect(buildClientOrderId('a.B:c/9_', 'd1', 'b', 1)).toBe('a.B:c/9_d1-b1');
  });

  it('the pattern is anchored at both ends and needs at least one character', () => {
    expect(CLIENT_ORDER_ID_PATTERN.test('ok-1')).toBe(true);
    expect(CLIENT_ORDER_ID_PATTERN.test('')).toBe(false);
    expect(CLIENT_ORDER_ID_PATTERN.test('ok ')).toBe(false);
    expect(CLIENT_ORDER_ID_PATTERN.test(' ok')).toBe(false);
    expect(CLIENT_ORDER_ID_PATTERN.test('a'.repeat(36))).toBe(true);
    expect(CLIENT_ORDER_ID_PATTERN.test('a'.repeat(37))).toBe(false);
  });

  it('orderLeg is the letter after the last dash', () => {
    expect(orderLeg('dlb-d1-b1')).toBe('b');
    expect(orderLeg('dlb-d1-s12')).toBe('s');
    expect(orderLeg('a-b-c-x3')).toBe('x');
  });
});

describe('parseClientOrderId (restart reconciliation finds its deals by it)', () => {
  it('parses deal id, leg and a multi-digit attempt', () => {
    expect(parseClientOrderId('dlb-', 'dlb-043fuyo000s-s12')).toEqual({ dealId: '043fuyo000s', leg: 's', attempt: 12 });
    expect(parseClientOrderId('dlb-', 'dlb-d1-b1')).toEqual({ dealId: 'd1', leg: 'b', attempt: 1 });
    expect(parseClientOrderId('dlb-', 'dlb-D9z-x3')).toEqual({ dealId: 'D9z', leg: 'x', attempt: 3 });
  });

  it('round-trips every id it builds', () => {
    for (const leg of ['b', 's', 'x'] as const) {
      const id = buildClientOrderId('bot.', 'Ab12', leg, 7);
      expect(parseClientOrderId('bot.', id)).toEqual({ dealId: 'Ab12', leg, attempt: 7 });
    }
  });

  it('parses a safety buy and one placed again after a shutdown cancelled it (d<n>r<k>), and round-trips them', () => {
    expect(parseClientOrderId('dlb-', 'dlb-h0001-d3')).toEqual({ dealId: 'h0001', leg: 'd', attempt: 3 });
    expect(parseClientOrderId('dlb-', 'dlb-h0001-d3r12')).toEqual({ dealId: 'h0001', leg: 'd', attempt: 3, replacement: 12 });
    expect(buildClientOrderId('dlb-', 'h0001', 'd', 3, 2)).toBe('dlb-h0001-d3r2');
    expect(buildClientOrderId('dlb-', 'h0001', 'd', 3, 0)).toBe('dlb-h0001-d3');
    expect(orderLeg('dlb-h0001-d3r2')).toBe('d');
    for (const id of ['dlb-h0001-s1r1', 'dlb-h0001-d1r', 'dlb-h0001-dr1', 'dlb-h0001-d1r1r1']) expect(parseClientOrderId('dlb-', id), id).toBeNull();
  });

  it('is null for an id without the prefix, even one that contains it later', () => {
    expect(parseClientOrderId('dlb-', 'other-d1-b1')).toBeNull();
    expect(parseClientOrderId('dlb-', 'x-dlb-d1-b1')).toBeNull();
    expect(parseClientOrderId('dlb-', 'xyz-d1-b1')).toBeNull(); // without its prefix, the rest would parse
  });

  it('is null for anything but <deal>-<leg><digits> after the prefix', () => {
    const none = ['dlb-', 'dlb-d1', 'dlb-d1-', 'dlb-d1-b', 'dlb--b1', 'dlb-d1-q1', 'dlb-d1-b1x', 'dlb-d1-bb1', 'dlb-d_1-b1', 'dlb-d1-b1 ', 'dlb-xd1-b1-', 'dlb- d1-b1', 'dlb-d1-B1'];
    for (const id of none) expect(parseClientOrderId('dlb-', id), id).toBeNull();
  });

  it('reads the attempt as a number', () => {
    const parsed = parseClientOrderId('p', 'pd-s007');
    expect(parsed?.attempt).toBe(7);
    expect(typeof parsed?.attempt).toBe('number');
  });
});
