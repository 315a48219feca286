import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PanicDetector } from '../../../../src/domain/services/exits/panic-sell.rule.js';

const minute = (m: number): number => m * 60_000;

/** The definition, by brute force: the close is `drop` or more below the highest high of (time - window, time]. */
function reference(drop: number, windowMs: number, seen: readonly { time: number; high: number; close: number }[]): boolean[] {
  return seen.map(({ time, close }, i) => {
    let highest = -Infinity;
    for (let j = 0; j <= i; j += 1) if (seen[j]!.time > time - windowMs && seen[j]!.high > highest) highest = seen[j]!.high;
    return close <= highest * (1 - drop);
  });
}

describe('PanicDetector parameter checks', () => {
  it('refuses a drop that is not in (0, 1): 0, 1, below, above, NaN', () => {
    for (const drop of [0, 1, -0.1, 1.5, NaN]) {
      expect(() => new PanicDetector('BTC/USDT', drop, minute(5)), String(drop)).toThrow(new RangeError(`drop must be > 0 and < 1, got ${drop}`));
    }
  });

  it('takes a drop just inside (0, 1)', () => {
    expect(new PanicDetector('BTC/USDT', 1e-9, minute(5)).symbol).toBe('BTC/USDT');
    expect(() => new PanicDetector('BTC/USDT', 1 - 1e-9, minute(5))).not.toThrow();
  });

  it('refuses a window that is not > 0 ms: 0, negative, NaN', () => {
    for (const window of [0, -1, NaN]) {
      expect(() => new PanicDetector('BTC/USDT', 0.1, window), String(window)).toThrow(new RangeError(`window must be > 0 ms, got ${window}`));
    }
    expect(() => new PanicDetector('BTC/USDT', 0.1, 1)).not.toThrow();
  });
});

describe('PanicDetector crash test', () => {
  it('fires when the close is exactly the drop below the window high, not a hair above it', () => {
    const at = new PanicDetector('X/Y', 0.5, minute(10));
    at.observe(minute(0), 100, 100);
    expect(at.observe(minute(1), 60, 50)).toBe(true); // 50 <= 100 x 0.5
    const above = new PanicDetector('X/Y', 0.5, minute(10));
    above.observe(minute(0), 100, 100);
    expect(above.observe(minute(1), 60, 50.000001)).toBe(false);
  });

  it('a high exactly one window old has left it; one a millisecond younger is still in it', () => {
    const gone = new PanicDetector('X/Y', 0.5, minute(10));
    gone.observe(minute(0), 100, 100);
    expect(gone.observe(minute(10), 50, 50)).toBe(false); // the window is (0, 10 min]: only the high of 50
    const kept = new PanicDetector('X/Y', 0.5, minute(10));
    kept.observe(minute(0), 100, 100);
    expect(kept.observe(minute(10) - 1, 50, 50)).toBe(true);
  });

  it('the current candle\'s own high counts: a candle that spikes and closes far below fires', () => {
    const panic = new PanicDetector('X/Y', 0.5, minute(10));
    expect(panic.observe(minute(0), 100, 50)).toBe(true);
    expect(new PanicDetector('X/Y', 0.5, minute(10)).observe(minute(0), 100, 51)).toBe(false);
  });

  it('a later lower high does not hide an earlier higher one still in the window', () => {
    const panic = new PanicDetector('X/Y', 0.5, minute(10));
    panic.observe(minute(0), 100, 100);
    panic.observe(minute(1), 80, 80);
    expect(panic.observe(minute(2), 60, 50)).toBe(true);
  });

  it('a later higher high replaces the lower ones before it', () => {
    const panic = new PanicDetector('X/Y', 0.5, minute(10));
    panic.observe(minute(0), 80, 80);
    panic.observe(minute(1), 120, 120);
    expect(panic.observe(minute(2), 70, 61)).toBe(false); // 61 > 120 x 0.5 = 60
    expect(panic.observe(minute(3), 70, 60)).toBe(true);
  });

  it('answers like the definition for any capacity, through growth and wrap-around (property)', () => {
    const candle = fc.record({ gap: fc.integer({ min: 1, max: 5 }), high: fc.integer({ min: 1, max: 200 }), below: fc.integer({ min: 0, max: 150 }) });
    fc.assert(
      fc.property(
        fc.array(candle, { minLength: 1, maxLength: 120 }),
        fc.constantFrom(0.05, 0.1, 0.25, 0.5),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 0, max: 40 }),
        (candles, drop, windowMinutes, capacity) => {
          let time = 0;
          const seen = candles.map(({ gap, high, below }) => {
            time += minute(gap);
            return { time, high, close: Math.max(0, high - below) };
          });
          const detector = new PanicDetector('X/Y', drop, minute(windowMinutes), capacity);
          expect(seen.map((s) => detector.observe(s.time, s.high, s.close))).toEqual(reference(drop, minute(windowMinutes), seen));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a capacity of 0 or 1 still holds two highs (a falling series keeps every one)', () => {
    for (const capacity of [0, 1]) {
      const panic = new PanicDetector('X/Y', 0.5, minute(60), capacity);
      const fired = [100, 90, 80, 70, 60, 55, 50].map((h, m) => panic.observe(minute(m), h, h));
      expect(fired, String(capacity)).toEqual([false, false, false, false, false, false, true]);
    }
  });
});
