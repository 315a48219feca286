import { describe, expect, it } from 'vitest';
import { expectClose, priceLevel } from './helpers/assert-close.js';
import { allCases } from './helpers/cases.js';
import { candleFiles } from './helpers/market-data.js';
import { talib } from './helpers/talib.js';

describe('TA-Lib parity on real candles', () => {
  it('has the TA-Lib binding and the candle files', () => {
    expect(typeof talib.execute).toBe('function');
    expect(candleFiles().length).toBeGreaterThanOrEqual(6);
  });

  for (const file of candleFiles()) {
    describe(file.name, () => {
      const level = priceLevel(file.close);
      for (const indicator of allCases) {
        it(indicator.label, () => {
          const ours = indicator.ours(file);
          const theirs = indicator.talib(file);
          expect(Object.keys(ours).sort()).toEqual(Object.keys(theirs).sort());
          for (const [key, expected] of Object.entries(theirs)) {
            expect(expected.some((v) => !Number.isNaN(v))).toBe(true);
            expectClose(ours[key]!, expected, level, `${indicator.label}.${key}`);
          }
        });
      }
    });
  }
});
