import { describe, expect, it } from 'vitest';
import { ema, sma } from '../../src/indicators/index.js';

describe('sma', () => {
  it('averages the last period values', () => {
    expect(Array.from(sma([1, 2, 3, 4, 5], 3))).toEqual([NaN, NaN, 2, 3, 4]);
  });

  it('with period 1 (which TA-Lib rejects) returns the input', () => {
    expect(Array.from(sma([3, 1.5, 7], 1))).toEqual([3, 1.5, 7]);
  });
});

describe('ema', () => {
  it('is seeded with the simple average, then weights new values by 2 / (period + 1)', () => {
    // seed (2 + 4 + 6) / 3 = 4; then 4 + (8 - 4) * 0.5 = 6; then 6 + (2 - 6) * 0.5 = 4
    expect(Array.from(ema([2, 4, 6, 8, 2], 3))).toEqual([NaN, NaN, 4, 6, 4]);
  });

  it('with period 1 (which TA-Lib rejects) follows the input', () => {
    expect(Array.from(ema([3, 1.5, 7], 1))).toEqual([3, 1.5, 7]);
  });
});
