import { describe, expect, it } from 'vitest';
import { formatEvent } from '../../../src/interfaces/cli/event-line.js';

describe('formatEvent', () => {
  it('writes an operator action as one line with its outcome', () => {
    const line = formatEvent({ type: 'OperatorActed', occurredAt: Date.UTC(2024, 0, 1, 12, 30), action: 'close_all', parameters: { pair: 'BTC/USDT' }, status: 200, outcome: 'closing 2 deals of BTC/USDT', idempotencyKey: null });
    expect(line).toBe('2024-01-01 12:30  operator close_all: closing 2 deals of BTC/USDT');
  });

  it('still heads a deal event with its time, pair and deal', () => {
    expect(formatEvent({ type: 'DealCancelled', occurredAt: Date.UTC(2024, 0, 1), dealId: 'd1', symbol: 'ETH/USDT', reason: 'cancelled by the operator' })).toBe('2024-01-01 00:00  ETH/USDT  deal d1  cancelled: cancelled by the operator');
  });

  it('writes a pause of one pair or of all, with its end, and a resume', () => {
    const at = Date.UTC(2024, 0, 1, 9, 0);
    expect(formatEvent({ type: 'TradingPaused', occurredAt: at, symbol: 'ETH/USDT', until: Date.UTC(2024, 0, 1, 10, 0), reason: 'panic_sell' })).toBe('2024-01-01 09:00  ETH/USDT  paused for new deals until 2024-01-01 10:00: panic_sell');
    expect(formatEvent({ type: 'TradingPaused', occurredAt: at, symbol: null, until: null, reason: 'paused by the operator' })).toBe('2024-01-01 09:00  all pairs paused for new deals until resumed: paused by the operator');
    expect(formatEvent({ type: 'TradingResumed', occurredAt: at, symbol: 'ETH/USDT' })).toBe('2024-01-01 09:00  ETH/USDT  resumed for new deals');
    expect(formatEvent({ type: 'TradingResumed', occurredAt: at, symbol: null })).toBe('2024-01-01 09:00  all pairs resumed for new deals');
  });
});

