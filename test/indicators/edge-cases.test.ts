import { describe, expect, it } from 'vitest';
import { expectClose, firstValueIndex, priceLevel } from './helpers/assert-close.js';
import { allCases } from './helpers/cases.js';
import type { Candles, IndicatorCase } from './helpers/indicator-case.js';
import { randomCandles } from './helpers/series.js';

function expectLikeTalib(indicator: IndicatorCase, candles: Candles): void {
  const ours = indicator.ours(candles);
  const theirs = indicator.talib(candles);
  const level = priceLevel(candles.high, candles.low, candles.close);
  for (const [key, expected] of Object.entries(theirs)) {
    expectClose(ours[key]!, expected, level, `${indicator.label}.${key}`);
  }
}

const flat = (length: number, price: number): Candles => {
  const values = new Float64Array(length).fill(price);
  return { high: values, low: values, close: values };
};

describe.each(allCases)('$label edge cases', (indicator) => {
  const warmUp = indicator.warmUp;

  it('flat prices', () => {
    expectLikeTalib(indicator, flat(200, 1234.5));
  });

  it('tiny prices around 1e-8', () => {
    expectLikeTalib(indicator, randomCandles(300, 1e-8, 11));
  });

  it('huge prices around 1e9', () => {
    expectLikeTalib(indicator, randomCandles(300, 1e9, 12));
  });

  it('a series shorter than the warm-up is all NaN', () => {
    const candles = randomCandles(Math.max(warmUp - 1, 1), 100, 13);
    for (const series of Object.values(indicator.ours(candles))) {
      expect(series.length).toBe(candles.close.length);
      if (candles.close.length < warmUp + 1) expect(series.every(Number.isNaN)).toBe(true);
    }
    expectLikeTalib(indicator, candles);
  });

  it('a series exactly as long as the warm-up is all NaN', () => {
    if (warmUp === 0) return;
    const candles = randomCandles(warmUp, 100, 14);
    for (const series of Object.values(indicator.ours(candles))) expect(series.every(Number.isNaN)).toBe(true);
  });

  it('one value past the warm-up gives exactly one value, equal to TA-Lib', () => {
    const candles = randomCandles(warmUp + 1, 100, 15);
    for (const series of Object.values(indicator.ours(candles))) expect(firstValueIndex(series)).toBe(warmUp);
    expectLikeTalib(indicator, candles);
  });

  it('a single value', () => {
    const candles = { high: [42.5], low: [41.5], close: [42] };
    for (const series of Object.values(indicator.ours(candles))) {
      expect(series.length).toBe(1);
      expect(Number.isNaN(series[0]!)).toBe(warmUp > 0);
    }
    expectLikeTalib(indicator, candles);
  });

  it('an empty series gives empty outputs', () => {
    for (const series of Object.values(indicator.ours({ high: [], low: [], close: [] }))) expect(series.length).toBe(0);
  });
});
