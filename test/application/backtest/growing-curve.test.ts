import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GrowingCurve } from '../../../src/application/backtest/growing-curve.js';

const STEP = 60_000;

/** Increasing tick times: mostly one step apart, with gaps of a few steps and off-step jumps now and then. */
const ticks = fc
  .array(fc.tuple(fc.oneof({ weight: 8, arbitrary: fc.constant(STEP) }, { weight: 1, arbitrary: fc.integer({ min: 2, max: 50 }).map((k) => k * STEP) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 10 * STEP }) }), fc.double({ min: -1e9, max: 1e9, noNaN: true })), { maxLength: 3000 })
  .map((steps) => {
    let time = 1_700_000_000_000;
    return steps.map(([gap, equity]) => ({ time: (time += gap), equity }));
  });

describe('GrowingCurve', () => {
  it('gives back every pushed time and value, however the ticks are spaced and however far it grew', () => {
    fc.assert(
      fc.property(ticks, fc.integer({ min: 0, max: 2000 }), (points, expected) => {
        const curve = new GrowingCurve(STEP, expected);
        for (const p of points) curve.push(p.time, p.equity);
        expect(curve.length).toBe(points.length);
        const columns = curve.curve();
        expect(columns.length).toBe(points.length);
        expect(Array.from(columns.times)).toEqual(points.map((p) => p.time));
        expect(Array.from(columns.equities)).toEqual(points.map((p) => p.equity));
        points.forEach((p, i) => {
          if (curve.timeAt(i) !== p.time) expect.fail(`timeAt(${i}) = ${curve.timeAt(i)}, pushed ${p.time}`);
        });
      }),
    );
  });

  it('refuses a point it does not hold and a step that is not positive', () => {
    const curve = new GrowingCurve(STEP);
    curve.push(STEP, 1);
    expect(() => curve.timeAt(1)).toThrow('no curve point 1 of 1');
    expect(() => new GrowingCurve(0)).toThrow('curve step must be > 0 ms, got 0');
  });
});
