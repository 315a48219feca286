import { describe, expect, it } from 'vitest';
import { atr, stochastic } from '../../src/indicators/index.js';
import { firstValueIndex } from './helpers/assert-close.js';
import { candleFiles } from './helpers/market-data.js';
import { reference } from './helpers/talib.js';

const stochOptions = (k: number, slowK: number, d: number) => ({
  optInFastK_Period: k,
  optInSlowK_Period: slowK,
  optInSlowK_MAType: 0,
  optInSlowD_Period: d,
  optInSlowD_MAType: 0,
});

describe('atr', () => {
  it('starts at index period, like TA-Lib, on real candles', () => {
    const { high, low, close } = candleFiles()[0]!;
    const theirs = reference('ATR', { high, low, close }, { optInTimePeriod: 14 }).Real!;
    expect(firstValueIndex(theirs)).toBe(14);
    expect(firstValueIndex(atr(high, low, close, 14))).toBe(14);
  });

  it('ignores the first candle: the first true range uses the previous close', () => {
    // True ranges of candles 1..3: max(1, |10-11|, |10-10|) = 1; gap up to 20..21 from 10.5: 11; 1.
    const high = [100, 11, 21, 22];
    const low = [0, 10, 20, 21];
    const close = [10, 10.5, 20.5, 21.5];
    expect(atr(high, low, close, 3)[3]).toBe((1 + 11 + 1) / 3);
    expect(reference('ATR', { high, low, close }, { optInTimePeriod: 3 }).Real![3]).toBe((1 + 11 + 1) / 3);
  });

  it('rejects inputs of different lengths', () => {
    expect(() => atr([1, 2], [1], [1, 2], 1)).toThrow(RangeError);
  });
});

describe('stochastic', () => {
  it('starts %K and %D together at index kPeriod + kSmooth + dPeriod - 3, like TA-Lib', () => {
    const { high, low, close } = candleFiles()[1]!;
    const theirs = reference('STOCH', { high, low, close }, stochOptions(14, 3, 3));
    const ours = stochastic(high, low, close, 14, 3, 3);
    for (const series of [theirs.SlowK!, theirs.SlowD!, ours.k, ours.d]) expect(firstValueIndex(series)).toBe(17);
  });

  it('gives 0 when the high-low range is 0, like TA-Lib', () => {
    const flat = new Array<number>(30).fill(5);
    const theirs = reference('STOCH', { high: flat, low: flat, close: flat }, stochOptions(5, 3, 3));
    const ours = stochastic(flat, flat, flat, 5, 3, 3);
    expect(theirs.SlowK![29]).toBe(0);
    expect(ours.k[29]).toBe(0);
    expect(ours.d[29]).toBe(0);
  });

  it('is 100 at the top of the range and 0 at the bottom', () => {
    const high = [2, 3, 4, 5, 6, 7];
    const low = [1, 2, 3, 4, 5, 6];
    expect(stochastic(high, low, high, 3, 1, 1).k[5]).toBe(100);
    expect(stochastic(high, low, [2, 3, 4, 5, 6, 4], 3, 1, 1).k[5]).toBe(0);
  });

  it('rejects inputs of different lengths', () => {
    expect(() => stochastic([1, 2], [1, 2], [1], 1, 1, 1)).toThrow(RangeError);
  });
});
