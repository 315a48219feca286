import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Ema, Macd, Rsi, Sma, ema, macd, rsi, sma } from '../../src/indicators/index.js';

/** Positive price series: a random walk, with repeated prices now and then. */
const prices = fc
  .array(fc.oneof(fc.double({ min: -0.05, max: 0.05, noNaN: true }), fc.constant(0)), { maxLength: 300 })
  .chain((steps) =>
    fc.double({ min: 1e-8, max: 1e9, noNaN: true }).map((start) => {
      let price = start;
      return steps.map((step) => (price *= 1 + step));
    }),
  );
const period = fc.integer({ min: 1, max: 40 });

/** Feeds `values` through `update` twice, with a reset between, and checks both passes against `batch`. */
function expectStreamEqualsBatch(values: number[], batch: Float64Array, update: (value: number) => number, read: () => number, reset: () => void): void {
  for (let pass = 0; pass < 2; pass++) {
    values.forEach((value, i) => {
      const returned = update(value);
      if (!Object.is(returned, batch[i]) || !Object.is(read(), batch[i])) {
        expect.fail(`pass ${pass} index ${i}: streamed ${returned}/${read()}, batch ${batch[i]}`);
      }
    });
    reset();
  }
}

describe('streaming classes give exactly the batch values', () => {
  it('Sma', () => {
    fc.assert(fc.property(prices, period, (values, p) => {
      const s = new Sma(p);
      expectStreamEqualsBatch(values, sma(values, p), (v) => s.update(v), () => (s.ready ? s.value : NaN), () => s.reset());
    }));
  });

  it('Ema', () => {
    fc.assert(fc.property(prices, period, (values, p) => {
      const s = new Ema(p);
      expectStreamEqualsBatch(values, ema(values, p), (v) => s.update(v), () => (s.ready ? s.value : NaN), () => s.reset());
    }));
  });

  it('Rsi', () => {
    fc.assert(fc.property(prices, period, (values, p) => {
      const s = new Rsi(p);
      expectStreamEqualsBatch(values, rsi(values, p), (v) => s.update(v), () => (s.ready ? s.value : NaN), () => s.reset());
    }));
  });

  it('Macd', () => {
    const periods = fc.tuple(period, period, period).filter(([fast, slow]) => fast < slow);
    fc.assert(fc.property(prices, periods, (values, [fast, slow, signal]) => {
      const batch = macd(values, fast, slow, signal);
      const s = new Macd(fast, slow, signal);
      for (let pass = 0; pass < 2; pass++) {
        values.forEach((value, i) => {
          const returned = s.update(value);
          const streamed = [returned, s.macd, s.signal, s.histogram];
          const expected = [batch.macd[i], batch.macd[i], batch.signal[i], batch.histogram[i]];
          if (!streamed.every((v, k) => Object.is(v, expected[k]))) {
            expect.fail(`pass ${pass} index ${i}: streamed ${streamed.join()}, batch ${expected.join()}`);
          }
          expect(s.ready).toBe(!Number.isNaN(batch.macd[i]!));
        });
        s.reset();
      }
    }));
  });
});

describe('push (no returned number) leaves the same values behind as update', () => {
  it('Ema, Rsi: value after push equals the batch value', () => {
    fc.assert(fc.property(prices, period, (values, p) => {
      const e = new Ema(p);
      const r = new Rsi(p);
      const emaBatch = ema(values, p);
      const rsiBatch = rsi(values, p);
      values.forEach((value, i) => {
        e.push(value);
        r.push(value);
        if (!Object.is(e.value, emaBatch[i]) || !Object.is(r.value, rsiBatch[i])) expect.fail(`index ${i}: ema ${e.value}/${emaBatch[i]}, rsi ${r.value}/${rsiBatch[i]}`);
      });
    }));
  });

  it('Macd: the getters after push equal the batch lines', () => {
    const periods = fc.tuple(period, period, period).filter(([fast, slow]) => fast < slow);
    fc.assert(fc.property(prices, periods, (values, [fast, slow, signal]) => {
      const batch = macd(values, fast, slow, signal);
      const s = new Macd(fast, slow, signal);
      values.forEach((value, i) => {
        s.push(value);
        const streamed = [s.macd, s.signal, s.histogram];
        const expected = [batch.macd[i], batch.signal[i], batch.histogram[i]];
        if (!streamed.every((v, k) => Object.is(v, expected[k]))) expect.fail(`index ${i}: pushed ${streamed.join()}, batch ${expected.join()}`);
      });
    }));
  });
});
