import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CandleWindow } from '../../../src/application/trading-loop/candle-window.js';
import type { Candle } from '../../../src/domain/shared/candle.js';

const candle = (k: number): Candle => ({ openTime: k * 60_000, open: k + 0.5, high: k + 1.25, low: k - 0.75, close: k + 0.1, volume: k * 3 });

describe('CandleWindow', () => {
  it('keeps the last `size` candles oldest first, whatever was pushed (against a plain list)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 7 }), fc.nat(30), (size, pushes) => {
        const window = new CandleWindow(size);
        const all: Candle[] = [];
        for (let k = 0; k < pushes; k += 1) {
          window.push(candle(k));
          all.push(candle(k));
          expect(window.last).toEqual(candle(k));
          expect(window.lastClose).toBe(candle(k).close);
        }
        expect(window.toArray()).toEqual(all.slice(-size));
        expect(window.length).toBe(Math.min(size, pushes));
        if (pushes === 0) {
          expect(window.last).toBeUndefined();
          expect(window.lastClose).toBeNaN();
        }
      }),
    );
  });

  it('copies what it is given: a feed may refill the same candle object', () => {
    const window = new CandleWindow(3);
    const reused = { ...candle(1) };
    window.push(reused);
    const first = window.last;
    Object.assign(reused, candle(2));
    window.push(reused);
    expect(first).toEqual(candle(1));
    expect(window.toArray()).toEqual([candle(1), candle(2)]);
  });

  it('refuses a size that is not a whole number >= 1', () => {
    expect(() => new CandleWindow(0)).toThrow(/window size/);
    expect(() => new CandleWindow(1.5)).toThrow(/window size/);
  });
});
