import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Candle } from '../../../src/domain/shared/candle.js';
import { CandleRing } from '../../../src/interfaces/http/candle-ring.js';

const candle = (minute: number): Candle => ({ openTime: minute * 60_000, open: minute + 0.25, high: minute + 0.5, low: minute - 0.5, close: minute + 0.125, volume: minute / 3 });

describe('CandleRing: the newest candles of a pair in a typed array', () => {
  it('keeps the newest `capacity` candles, oldest first, every field exact', () => {
    const ring = new CandleRing(3);
    expect(ring.last()).toEqual([]);
    for (let m = 0; m < 5; m += 1) ring.push(candle(m));
    expect(ring.last()).toEqual([candle(2), candle(3), candle(4)]);
    expect(ring.last(2)).toEqual([candle(3), candle(4)]);
    expect(ring.last(0)).toEqual([]);
    expect(ring.size).toBe(3);
  });

  it('grows past its first allocation and wraps, reading as a list trimmed to the capacity would (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 0, max: 900 }), fc.array(fc.integer({ min: 0, max: 400 }), { maxLength: 5 }), (capacity, pushes, limits) => {
        const ring = new CandleRing(capacity);
        const all: Candle[] = [];
        for (let m = 0; m < pushes; m += 1) {
          ring.push(candle(m));
          all.push(candle(m));
        }
        const kept = all.slice(-capacity);
        expect(ring.last()).toEqual(kept);
        for (const limit of limits) expect(ring.last(limit)).toEqual(kept.slice(kept.length - Math.min(limit, kept.length)));
      }),
      { numRuns: 200 },
    );
  });

  it('refuses a capacity that holds nothing', () => {
    expect(() => new CandleRing(0)).toThrow('capacity must be a whole number >= 1, got 0');
  });
});
