import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RollingMax } from '../../src/indicators/rolling-max.js';

describe('RollingMax', () => {
  it('equals the maximum of the last `window` values', () => {
    const values = fc.array(fc.integer({ min: -5, max: 5 }), { maxLength: 200 });
    fc.assert(fc.property(values, fc.integer({ min: 1, max: 12 }), (series, window) => {
      const rolling = new RollingMax(window);
      series.forEach((value, i) => {
        expect(rolling.update(value)).toBe(Math.max(...series.slice(Math.max(0, i - window + 1), i + 1)));
        expect(rolling.full).toBe(i + 1 >= window);
      });
    }));
  });
});
