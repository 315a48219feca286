import { describe, expect, it } from 'vitest';
import { Ema, Macd, Rsi, Sma, ema, macd, rsi, sma } from '../../src/indicators/index.js';

const badPeriods = [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY];
const values = [1, 2, 3, 4, 5];

describe('parameter validation', () => {
  it.each(badPeriods)('period %s is rejected with a RangeError naming it', (period) => {
    for (const call of [
      () => sma(values, period),
      () => ema(values, period),
      () => rsi(values, period),
      () => new Sma(period),
      () => new Ema(period),
      () => new Rsi(period),
    ]) {
      expect(call).toThrow(RangeError);
      expect(call).toThrow(/period/);
    }
  });

  it.each([
    ['fast', 0, 26, 9],
    ['fast', 12.5, 26, 9],
    ['slow', 12, Number.NaN, 9],
    ['signal', 12, 26, 0],
    ['fast', 26, 26, 9],
    ['fast', 30, 26, 9],
  ] as const)('MACD rejects a bad %s (%s, %s, %s)', (name, fast, slow, signal) => {
    expect(() => macd(values, fast, slow, signal)).toThrow(RangeError);
    expect(() => new Macd(fast, slow, signal)).toThrow(new RegExp(name));
  });
});
