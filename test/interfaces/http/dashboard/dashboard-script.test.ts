import { createContext, runInContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { DOMAIN_EVENT_TYPES } from '../../../../src/domain/events.js';
import { DASHBOARD_CHARTS_SCRIPT } from '../../../../src/interfaces/http/dashboard/dashboard-charts.script.js';
import { DASHBOARD_CORE_SCRIPT } from '../../../../src/interfaces/http/dashboard/dashboard-core.script.js';
import { DASHBOARD_LIVE_SCRIPT } from '../../../../src/interfaces/http/dashboard/dashboard-live.script.js';

/** The script's pure helpers, run as the browser runs them (one scope), without a page. */
const page = createContext({ window: {} });
runInContext(`${DASHBOARD_CORE_SCRIPT}\n${DASHBOARD_CHARTS_SCRIPT}`, page);
const call = (name: string, ...args: unknown[]): unknown => (page[name] as (...a: unknown[]) => unknown)(...args);

describe('the dashboard script', () => {
  it('listens to every event type the stream sends, TradingPaused and TradingResumed included', () => {
    const line = /^var EVENT_TYPES = (.*);$/m.exec(DASHBOARD_LIVE_SCRIPT)?.[1];
    const types = JSON.parse(line ?? '[]') as string[];
    expect(types).toContain('TradingPaused');
    expect(types).toContain('TradingResumed');
    expect(types).toEqual([...DOMAIN_EVENT_TYPES]);
  });

  it('shows decimals as the API wrote them, trailing zeros dropped, never through a float', () => {
    expect(call('formatDecimal', '0.12345678901234567890')).toBe('0.1234567890123456789');
    expect(call('formatDecimal', '100.000')).toBe('100');
    expect(call('formatDecimal', '-2.50')).toBe('-2.5');
    expect(call('formatDecimal', '1500')).toBe('1500');
    expect(call('formatDecimal', null)).toBe('');
    expect(call('signClass', '-0.01')).toBe('down');
    expect(call('signClass', '0.000')).toBe('');
    expect(call('signClass', '3')).toBe('up');
  });

  it("words the API's refusal in one line: its message, and each field's complaint the message does not already say", () => {
    expect(call('errorText', { error: 'conflict', message: 'deal d1 is already closed' }, 409)).toBe('deal d1 is already closed');
    expect(call('errorText', { error: 'invalid_request', message: 'price: must be a decimal > 0', details: [{ field: 'price', message: 'must be a decimal > 0' }] }, 400)).toBe('price: must be a decimal > 0');
    expect(call('errorText', { error: 'invalid_request', message: 'invalid request', details: [{ field: 'pair', message: 'is not traded' }, { field: 'price', message: 'must be > 0' }] }, 400)).toBe('invalid request: pair is not traded; price must be > 0');
    expect(call('errorText', null, 502)).toBe('The bot answered 502.');
  });

  it('puts a fill on the bar it happened in, and nowhere when no drawn bar holds it', () => {
    const entry = { openTimes: [60_000, 120_000, 180_000], barMs: 60_000 };
    expect(call('barOf', entry, 60_000)).toBe(60_000);
    expect(call('barOf', entry, 179_999)).toBe(120_000);
    expect(call('barOf', entry, 239_999)).toBe(180_000);
    expect(call('barOf', entry, 240_000)).toBeNull();
    expect(call('barOf', entry, 59_999)).toBeNull();
    expect(call('barOf', { openTimes: [], barMs: 60_000 }, 60_000)).toBeNull();
  });

  it('shortens long ids by their ends, keeps short ones whole, and formats times in UTC', () => {
    expect(call('shortId', '1eyt1qf0001')).toBe('1eyt1qf0001');
    expect(call('shortId', 'abcdef0123456789xyz')).toBe('abcdef…789xyz');
    expect(call('formatTime', Date.UTC(2024, 0, 2, 3, 4, 5))).toBe('2024-01-02 03:04:05');
  });
});
