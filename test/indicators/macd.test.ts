import { describe, expect, it } from 'vitest';
import { ema, macd } from '../../src/indicators/index.js';
import { firstValueIndex } from './helpers/assert-close.js';
import { candleFiles } from './helpers/market-data.js';
import { randomWalk } from './helpers/series.js';
import { reference } from './helpers/talib.js';

const options = { optInFastPeriod: 12, optInSlowPeriod: 26, optInSignalPeriod: 9 };

describe('macd', () => {
  it('starts all three lines at index 33 for 12/26/9, like TA-Lib', () => {
    const close = candleFiles()[0]!.close;
    const theirs = reference('MACD', { inReal: close }, options);
    const ours = macd(close, 12, 26, 9);
    for (const [series, key] of [[ours.macd, 'MACD'], [ours.signal, 'MACDSignal'], [ours.histogram, 'MACDHist']] as const) {
      expect(firstValueIndex(theirs[key]!)).toBe(33);
      expect(firstValueIndex(series)).toBe(33);
    }
  });

  it('seeds the fast EMA at the slow EMA start, so it differs from ema(fast) - ema(slow)', () => {
    const close = randomWalk(200, 100, 5);
    const naive = ema(close, 12)[33]! - ema(close, 26)[33]!;
    const theirs = reference('MACD', { inReal: close }, options).MACD![33]!;
    expect(Math.abs(naive - theirs)).toBeGreaterThan(1e-9);
    expect(macd(close, 12, 26, 9).macd[33]).toBe(theirs);
  });

  it('histogram is macd - signal', () => {
    const result = macd(randomWalk(100, 50, 6), 5, 13, 4);
    for (let i = 0; i < 100; i++) {
      expect(result.histogram[i]).toBe(result.macd[i]! - result.signal[i]!);
    }
  });

  it('with signal period 1 the signal line equals the MACD line, from index slow - 1', () => {
    // TA-Lib mis-aligns its MACD output for signal period 1, so this one is checked directly.
    const close = randomWalk(60, 100, 7);
    const result = macd(close, 3, 8, 1);
    expect(firstValueIndex(result.macd)).toBe(7);
    expect(Array.from(result.signal)).toEqual(Array.from(result.macd));
    expect(result.histogram.slice(7).every((v) => v === 0)).toBe(true);
    const theirs = reference('MACD', { inReal: close }, { ...options, optInFastPeriod: 3, optInSlowPeriod: 8, optInSignalPeriod: 2 });
    expect(result.macd.slice(9)).toEqual(theirs.MACD!.slice(9));
  });
});
