import { describe, expect, it } from 'vitest';
import { Atr, Bollinger, Ema, Macd, Rsi, Sma, Stochastic, atr, bollinger, ema, macd, rsi, sma, stochastic } from '../../src/indicators/index.js';

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
      () => bollinger(values, period, 2),
      () => new Bollinger(period, 2),
      () => atr(values, values, values, period),
      () => new Atr(period),
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

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])('Bollinger rejects stdDev %s', (stdDev) => {
    expect(() => bollinger(values, 3, stdDev)).toThrow(RangeError);
    expect(() => new Bollinger(3, stdDev)).toThrow(/stdDev/);
  });

  it.each([
    ['kPeriod', 0, 3, 3],
    ['kSmooth', 14, 2.5, 3],
    ['dPeriod', 14, 3, -3],
  ] as const)('Stochastic rejects a bad %s (%s, %s, %s)', (name, k, smooth, d) => {
    expect(() => stochastic(values, values, values, k, smooth, d)).toThrow(RangeError);
    expect(() => new Stochastic(k, smooth, d)).toThrow(new RegExp(name));
  });
});
