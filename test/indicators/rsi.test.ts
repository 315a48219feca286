import { describe, expect, it } from 'vitest';
import { rsi } from '../../src/indicators/index.js';
import { expectClose } from './helpers/assert-close.js';
import { randomWalk } from './helpers/series.js';
import { reference } from './helpers/talib.js';

const talibRsi = (values: ArrayLike<number>, period: number) =>
  reference('RSI', { inReal: values }, { optInTimePeriod: period }).Real!;

describe('rsi', () => {
  it('gives 0, like TA-Lib, when prices are flat (no gain and no loss)', () => {
    const flat = new Float64Array(40).fill(0.5);
    const expected = talibRsi(flat, 14);
    expect(expected.slice(14).every((v) => v === 0)).toBe(true);
    expect(Array.from(rsi(flat, 14).slice(14))).toEqual(Array.from(expected.slice(14)));
  });

  it('returns to TA-Lib values after a flat stretch inside a moving series', () => {
    const values = Float64Array.from([...randomWalk(30, 10, 3), ...new Array<number>(20).fill(10), ...randomWalk(30, 10, 4)]);
    expectClose(rsi(values, 14), talibRsi(values, 14), 10, 'RSI');
  });

  it('is 100 when prices only rise and 0 when they only fall', () => {
    const rising = Float64Array.from({ length: 30 }, (_, i) => 1 + i);
    expect(rsi(rising, 14)[29]).toBe(100);
    expect(talibRsi(rising, 14)[29]).toBe(100);
    expect(rsi(rising.slice().reverse(), 14)[29]).toBe(0);
  });

  it('does not depend on the price scale, unlike TA-Lib whose 1e-14 cut-off zeroes tiny moves', () => {
    // Prices near 1e-8 moving by ~1e-15: TA-Lib sees gain + loss < 1e-14 and reports 0.
    const scaled = randomWalk(200, 1, 21, 1e-7);
    const tiny = scaled.map((v) => v * 1e-8);
    const talibOnTiny = talibRsi(tiny, 14);
    expect(talibOnTiny.slice(14).every((v) => v === 0)).toBe(true);
    const ours = rsi(tiny, 14);
    expect(ours.slice(14).some((v) => v > 1)).toBe(true);
    expectClose(ours, talibRsi(tiny.map((v) => v * 1e8), 14), 0, 'RSI of scaled prices');
  });

  it('period 1 (which TA-Lib rejects) is 100 on a rise, 0 on a fall or no change', () => {
    expect(Array.from(rsi([5, 6, 4, 4, 7], 1))).toEqual([NaN, 100, 0, 0, 100]);
  });
});
