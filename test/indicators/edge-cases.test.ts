import { describe, expect, it } from 'vitest';
import { expectClose, firstValueIndex, priceLevel } from './helpers/assert-close.js';
import { closeCases, type CloseCase } from './helpers/cases.js';
import { randomWalk } from './helpers/series.js';

function expectLikeTalib(indicator: CloseCase, values: Float64Array): void {
  const ours = indicator.ours(values);
  const theirs = indicator.talib(values);
  for (const [key, expected] of Object.entries(theirs)) {
    expectClose(ours[key]!, expected, priceLevel(values), `${indicator.label}.${key}`);
  }
}

describe.each(closeCases)('$label edge cases', (indicator) => {
  const warmUp = indicator.warmUp;

  it('flat prices', () => {
    expectLikeTalib(indicator, new Float64Array(200).fill(1234.5));
  });

  it('tiny prices around 1e-8', () => {
    expectLikeTalib(indicator, randomWalk(300, 1e-8, 11));
  });

  it('huge prices around 1e9', () => {
    expectLikeTalib(indicator, randomWalk(300, 1e9, 12));
  });

  it('a series shorter than the warm-up is all NaN', () => {
    const values = randomWalk(Math.max(warmUp - 1, 1), 100, 13);
    for (const series of Object.values(indicator.ours(values))) {
      expect(series.length).toBe(values.length);
      if (values.length < warmUp + 1) expect(series.every(Number.isNaN)).toBe(true);
    }
    expectLikeTalib(indicator, values);
  });

  it('a series exactly as long as the warm-up is all NaN', () => {
    if (warmUp === 0) return;
    const values = randomWalk(warmUp, 100, 14);
    for (const series of Object.values(indicator.ours(values))) expect(series.every(Number.isNaN)).toBe(true);
  });

  it('one value past the warm-up gives exactly one value, equal to TA-Lib', () => {
    const values = randomWalk(warmUp + 1, 100, 15);
    for (const series of Object.values(indicator.ours(values))) expect(firstValueIndex(series)).toBe(warmUp);
    expectLikeTalib(indicator, values);
  });

  it('a single value', () => {
    const values = Float64Array.of(42);
    for (const series of Object.values(indicator.ours(values))) {
      expect(series.length).toBe(1);
      expect(Number.isNaN(series[0]!)).toBe(warmUp > 0);
    }
    expectLikeTalib(indicator, values);
  });

  it('an empty series gives empty outputs', () => {
    for (const series of Object.values(indicator.ours([]))) expect(series.length).toBe(0);
  });
});
