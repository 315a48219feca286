import { dec, ONE } from '../../domain/shared/decimal.js';
import { ROUND_DOWN } from '../../domain/shared/exact-decimal.js';

/** How a walk-forward validation cuts the period: `folds` train/test pairs, each train part `trainShare` of its pair. */
export interface WalkForwardSettings {
  readonly folds: number;
  /** The train part's share of a fold's candles, strictly between 0 and 1. */
  readonly trainShare: number;
}

/** Candle slots `start` (included) to `end` (excluded) of the period; `warmupStart` is where the history its indicators warm up on begins. */
export interface Part {
  readonly warmupStart: number;
  readonly start: number;
  readonly end: number;
}

/**
 * A sub-period to backtest (walk-forward): the candles opening in [from, to) are replayed, and
 * up to `history` candles before `from` are the history the indicators warm up on, as with
 * `dealbot backtest --from`. No candle opening at or after `to` is read.
 */
export interface ReplayWindow {
  readonly from: number;
  readonly to: number;
  readonly history: number;
}

export interface Fold {
  readonly index: number;
  readonly train: Part;
  readonly test: Part;
}

/**
 * Rolling windows over `slots` candle slots: every train part has the same length T and every
 * test part the same length E; fold k trains on [w + kE, w + kE + T) and tests on the E slots
 * right after, so the test parts follow one another and the last ends with the period. The
 * first `warmup` slots are history only (as a backtest's first windowSize candles before
 * `--from`). Every part replays from its start with the `warmup` slots before it as history:
 * a test part's history is the end of its own train part, and no train study sees a slot of
 * its test part. E = floor((slots - w)(1 - s) / (s + N(1 - s))), T = slots - w - N E (the
 * rounding goes to the train parts), all in exact decimals. Throws a RangeError naming the
 * field when the settings are out of range or a part is shorter than the warm-up.
 */
export function planWalkForward(slots: number, warmup: number, settings: WalkForwardSettings): Fold[] {
  const { folds, trainShare } = settings;
  if (!Number.isSafeInteger(folds) || folds < 2) throw new RangeError(`walkForward.folds: must be a whole number >= 2, got ${folds}`);
  if (!(trainShare > 0 && trainShare < 1)) throw new RangeError(`walkForward.trainShare: must be between 0 and 1 (both excluded), got ${trainShare}`);
  const usable = slots - warmup;
  const share = dec(trainShare);
  const testShare = ONE.minus(share);
  const test = usable <= 0 ? 0 : dec(usable).times(testShare).div(share.plus(testShare.times(folds))).round(0, ROUND_DOWN).toNumber();
  const train = usable - folds * test;
  const shortest = Math.min(train, test);
  if (shortest < Math.max(1, warmup)) {
    throw new RangeError(
      `walkForward: ${slots} candles, ${warmup} of them warm-up, make ${folds} folds of ${Math.max(0, train)} train and ${test} test candles; ` +
        `each part needs at least the warm-up of ${Math.max(1, warmup)} candles (windowSize); use fewer folds, another trainShare or more candles`,
    );
  }
  return Array.from({ length: folds }, (_, k) => {
    const start = warmup + k * test;
    const part = (from: number, to: number): Part => ({ warmupStart: from - warmup, start: from, end: to });
    return { index: k, train: part(start, start + train), test: part(start + train, start + train + test) };
  });
}

/** A part's candle slots as times: slot i opens at firstOpenTime + i x stepMs. */
export function partWindow(part: Part, firstOpenTime: number, stepMs: number): ReplayWindow {
  return { from: firstOpenTime + part.start * stepMs, to: firstOpenTime + part.end * stepMs, history: part.start - part.warmupStart };
}

/** One fold's outcome: the best trial's score on the train part, and the same settings' score on the test part. */
export interface FoldScores {
  readonly inSample: number;
  readonly outOfSample: number;
}

export interface WalkForwardSummary {
  /** Folds with a finite score on both parts: the means are over those. */
  readonly scored: number;
  readonly inSampleMean: number | null;
  readonly outOfSampleMean: number | null;
  /** outOfSampleMean - inSampleMean: how far the settings fall on candles they were not chosen on. */
  readonly difference: number | null;
  /** outOfSampleMean / inSampleMean, when the in-sample mean is above 0 (walk-forward efficiency). */
  readonly efficiency: number | null;
}

export function summarizeWalkForward(folds: readonly FoldScores[]): WalkForwardSummary {
  const scored = folds.filter((f) => Number.isFinite(f.inSample) && Number.isFinite(f.outOfSample));
  if (scored.length === 0) return { scored: 0, inSampleMean: null, outOfSampleMean: null, difference: null, efficiency: null };
  const mean = (pick: (f: FoldScores) => number): number => scored.reduce((sum, f) => sum + pick(f), 0) / scored.length;
  const inSampleMean = mean((f) => f.inSample);
  const outOfSampleMean = mean((f) => f.outOfSample);
  return { scored: scored.length, inSampleMean, outOfSampleMean, difference: outOfSampleMean - inSampleMean, efficiency: inSampleMean > 0 ? outOfSampleMean / inSampleMean : null };
}
