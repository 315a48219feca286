import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Atr, Bollinger, Stochastic, atr, bollinger, stochastic } from '../../src/indicators/index.js';

/** Random candles: a positive random walk of closes with highs above and lows below. */
const candles = fc
  .array(fc.tuple(fc.double({ min: -0.05, max: 0.05, noNaN: true }), fc.double({ min: 0, max: 0.02, noNaN: true }), fc.double({ min: 0, max: 0.02, noNaN: true })), { maxLength: 300 })
  .chain((steps) =>
    fc.double({ min: 1e-8, max: 1e9, noNaN: true }).map((start) => {
      let price = start;
      const close = steps.map(([step]) => (price *= 1 + step));
      const high = close.map((c, i) => c * (1 + steps[i]![1]));
      const low = close.map((c, i) => c * (1 - steps[i]![2]));
      return { high, low, close };
    }),
  );
const period = fc.integer({ min: 1, max: 40 });

/** Streams the candles twice with a reset between; `step` returns [update's result, ...getters] for index i. */
function expectStreamed(length: number, expected: (i: number) => number[], step: (i: number) => number[], reset: () => void): void {
  for (let pass = 0; pass < 2; pass++) {
    for (let i = 0; i < length; i++) {
      const streamed = step(i);
      const batch = expected(i);
      if (!streamed.every((v, k) => Object.is(v, batch[k]))) {
        expect.fail(`pass ${pass} index ${i}: streamed ${streamed.join()}, batch ${batch.join()}`);
      }
    }
    reset();
  }
}

describe('streaming classes give exactly the batch values', () => {
  it('Bollinger', () => {
    const stdDev = fc.double({ min: 0, max: 4, noNaN: true });
    fc.assert(fc.property(candles, period, stdDev, ({ close }, p, dev) => {
      const batch = bollinger(close, p, dev);
      const s = new Bollinger(p, dev);
      expectStreamed(
        close.length,
        (i) => [batch.middle[i]!, batch.upper[i]!, batch.middle[i]!, batch.lower[i]!],
        (i) => [s.update(close[i]!), s.upper, s.middle, s.lower],
        () => s.reset(),
      );
    }));
  });

  it('Atr', () => {
    fc.assert(fc.property(candles, period, ({ high, low, close }, p) => {
      const batch = atr(high, low, close, p);
      const s = new Atr(p);
      expectStreamed(
        close.length,
        (i) => [batch[i]!, batch[i]!],
        (i) => [s.update(high[i]!, low[i]!, close[i]!), s.ready ? s.value : NaN],
        () => s.reset(),
      );
    }));
  });

  it('Stochastic', () => {
    fc.assert(fc.property(candles, period, period, period, ({ high, low, close }, k, smooth, d) => {
      const batch = stochastic(high, low, close, k, smooth, d);
      const s = new Stochastic(k, smooth, d);
      expectStreamed(
        close.length,
        (i) => [batch.k[i]!, batch.k[i]!, batch.d[i]!],
        (i) => [s.update(high[i]!, low[i]!, close[i]!), s.k, s.d],
        () => s.reset(),
      );
    }));
  });
});
