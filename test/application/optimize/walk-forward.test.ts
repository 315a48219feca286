import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planWalkForward, summarizeWalkForward } from '../../../src/application/optimize/walk-forward.js';

/** [train start, train end, test start, test end] of each fold. */
const bounds = (slots: number, warmup: number, folds: number, trainShare: number): number[][] =>
  planWalkForward(slots, warmup, { folds, trainShare }).map((f) => [f.train.start, f.train.end, f.test.start, f.test.end]);

describe('planWalkForward: rolling train and test windows', () => {
  it.each([
    // slots, warmup, folds, share: the folds, worked by hand
    { slots: 1000, warmup: 100, folds: 3, share: 0.75, want: [[100, 550, 550, 700], [250, 700, 700, 850], [400, 850, 850, 1000]] },
    // 903 usable: E = floor(903 x 0.25 / 1.5) = 150, T = 903 - 450 = 453 (the rounding goes to the train parts)
    { slots: 1003, warmup: 100, folds: 3, share: 0.75, want: [[100, 553, 553, 703], [250, 703, 703, 853], [400, 853, 853, 1003]] },
    // 0.7 in exact decimals: E = floor(1100 x 0.3 / 1.9) = 173, T = 1100 - 692 = 408
    { slots: 1100, warmup: 0, folds: 4, share: 0.7, want: [[0, 408, 408, 581], [173, 581, 581, 754], [346, 754, 754, 927], [519, 927, 927, 1100]] },
    // parts of exactly the warm-up are allowed: E = floor(450 / 4.5) = 100, T = 900 - 800 = 100
    { slots: 1000, warmup: 100, folds: 8, share: 0.5, want: Array.from({ length: 8 }, (_, k) => [100 + 100 * k, 200 + 100 * k, 200 + 100 * k, 300 + 100 * k]) },
    { slots: 10, warmup: 0, folds: 2, share: 0.5, want: [[0, 4, 4, 7], [3, 7, 7, 10]] },
  ])('$slots slots, warm-up $warmup, $folds folds, trainShare $share', ({ slots, warmup, folds, share, want }) => {
    expect(bounds(slots, warmup, folds, share)).toEqual(want);
  });

  it('gives every part the warm-up slots before its start as history', () => {
    const folds = planWalkForward(1000, 100, { folds: 3, trainShare: 0.75 });
    expect(folds[0]!.train.warmupStart).toBe(0);
    expect(folds[1]!.test).toEqual({ warmupStart: 600, start: 700, end: 850 });
  });

  it.each([
    { slots: 1000, warmup: 100, folds: 9, share: 0.5, error: 'walkForward: 1000 candles, 100 of them warm-up, make 9 folds of 90 train and 90 test candles; each part needs at least the warm-up of 100 candles (windowSize)' },
    // E = floor(900 x 0.05 / 1.05) = 42, T = 900 - 84 = 816
    { slots: 1000, warmup: 100, folds: 2, share: 0.95, error: 'make 2 folds of 816 train and 42 test candles' },
    { slots: 80, warmup: 100, folds: 2, share: 0.5, error: 'walkForward: 80 candles, 100 of them warm-up, make 2 folds of 0 train and 0 test candles' },
    { slots: 3, warmup: 0, folds: 3, share: 0.5, error: 'at least the warm-up of 1 candles' },
    { slots: 1000, warmup: 0, folds: 1, share: 0.5, error: 'walkForward.folds: must be a whole number >= 2, got 1' },
    { slots: 1000, warmup: 0, folds: 2.5, share: 0.5, error: 'walkForward.folds: must be a whole number >= 2, got 2.5' },
    { slots: 1000, warmup: 0, folds: 2, share: 0, error: 'walkForward.trainShare: must be between 0 and 1 (both excluded), got 0' },
    { slots: 1000, warmup: 0, folds: 2, share: 1, error: 'walkForward.trainShare: must be between 0 and 1 (both excluded), got 1' },
    { slots: 1000, warmup: 0, folds: 2, share: Number.NaN, error: 'walkForward.trainShare: must be between 0 and 1 (both excluded), got NaN' },
  ])('refuses $slots slots, warm-up $warmup, $folds folds, trainShare $share', ({ slots, warmup, folds, share, error }) => {
    expect(() => planWalkForward(slots, warmup, { folds, trainShare: share })).toThrow(error);
  });

  it('tiles the period: equal parts, test parts back to back up to the end, no train part reaching into its test part', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20_000 }), fc.integer({ min: 0, max: 600 }), fc.integer({ min: 2, max: 12 }), fc.integer({ min: 1, max: 99 }), (slots, warmup, folds, percent) => {
        let plan;
        try {
          plan = planWalkForward(slots, warmup, { folds, trainShare: percent / 100 });
        } catch (error) {
          expect((error as Error).message).toMatch(/^walkForward: /);
          return;
        }
        const train = plan[0]!.train.end - plan[0]!.train.start;
        const test = plan[0]!.test.end - plan[0]!.test.start;
        expect(Math.min(train, test)).toBeGreaterThanOrEqual(Math.max(1, warmup));
        expect(plan[0]!.train.start).toBe(warmup);
        expect(plan.at(-1)!.test.end).toBe(slots);
        plan.forEach((f, k) => {
          expect(f.train.end - f.train.start).toBe(train);
          expect(f.test.end - f.test.start).toBe(test);
          expect(f.test.start).toBe(f.train.end);
          expect(f.train.warmupStart).toBeGreaterThanOrEqual(0);
          if (k > 0) expect(f.test.start).toBe(plan[k - 1]!.test.end);
        });
        // the rounding gives the train parts less than one test part per fold extra
        expect(train - Math.floor((test * percent) / (100 - percent))).toBeLessThanOrEqual(folds + Math.ceil(percent / (100 - percent)));
      }),
      { seed: 21, numRuns: 300 },
    );
  });
});

describe('summarizeWalkForward', () => {
  it('averages the folds scored on both parts and says how far out-of-sample falls', () => {
    const summary = summarizeWalkForward([
      { inSample: 10, outOfSample: 4 },
      { inSample: 6, outOfSample: -2 },
      { inSample: 8, outOfSample: Number.NEGATIVE_INFINITY },
    ]);
    expect(summary).toEqual({ scored: 2, inSampleMean: 8, outOfSampleMean: 1, difference: -7, efficiency: 0.125 });
    expect(summarizeWalkForward([{ inSample: -1, outOfSample: 1 }]).efficiency).toBeNull();
    expect(summarizeWalkForward([])).toEqual({ scored: 0, inSampleMean: null, outOfSampleMean: null, difference: null, efficiency: null });
  });
});
