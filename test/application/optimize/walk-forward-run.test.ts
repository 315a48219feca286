import { beforeAll, describe, expect, it } from 'vitest';
import { computeBacktestMetrics } from '../../../src/application/backtest/backtest-metrics.js';
import { runBacktest } from '../../../src/application/backtest/backtest-runner.js';
import { scoreTrial, trialFigures, type Objective } from '../../../src/application/optimize/objectives.js';
import { plannedTrials } from '../../../src/application/optimize/samplers.js';
import { searchSpace } from '../../../src/application/optimize/search-space.js';
import { runWalkForward, type WalkForwardOptions, type WalkForwardResult } from '../../../src/application/optimize/walk-forward-run.js';
import { partWindow, planWalkForward, type Fold } from '../../../src/application/optimize/walk-forward.js';
import type { DealbotConfig } from '../../../src/infrastructure/config/config.schema.js';
import { resolveParamPath } from '../../../src/infrastructure/config/optimize-paths.js';
import { trialConfig } from '../../../src/infrastructure/config/trial-config.js';
import { lowerBound, sliceColumns, type CandleColumns } from '../../../src/infrastructure/market-data/candle-store/candle-columns.js';
import { composeBacktest } from '../../../src/main/backtest.js';
import type { TrialPool } from '../../../src/main/optimize.js';
import { loadedOptimizeFixture, trialPools } from '../../support/optimize-fixture.js';

const OBJECTIVE: Objective = { name: 'profit', minTrades: 1 };
const STEP = 60_000;

describe('walk-forward validation on the optimize worker threads', () => {
  let series: Record<string, CandleColumns>;
  let raw: Record<string, unknown>;
  let folds: Fold[];
  let firstOpen: number;
  let walk: (pool: TrialPool, more?: Pick<WalkForwardOptions<DealbotConfig>, 'signal' | 'onFold'>) => Promise<WalkForwardResult>;
  const startPool = trialPools();
  const start = (workers: number, candles = series): TrialPool => startPool(candles, workers);

  beforeAll(async () => {
    const loaded = await loadedOptimizeFixture({ pairs: 2, candles: 2500 });
    ({ series, raw } = loaded);
    const { section, build } = loaded;
    firstOpen = Math.min(...Object.values(series).map((c) => c.openTime[0]!));
    // 2500 slots, warm-up 100 (windowSize): test parts of floor(2400 x 0.25 / 1.25) = 480, train parts of 1440
    folds = planWalkForward(2500, 100, { folds: 2, trainShare: 0.75 });
    walk = (pool, more = {}) =>
      runWalkForward({
        ...more,
        folds,
        windowOf: (fold, part) => partWindow(fold[part], firstOpen, STEP),
        trials: () => plannedTrials(searchSpace(section.parameters), 'random', 6, 42),
        objective: OBJECTIVE,
        build,
        evaluatorOver: (window) => pool.over(window),
      });
  });

  it('gives the same table with 1 and 2 workers; the out-of-sample figures are the backtest of the best settings from the test part on, warmed up on the candles before it', async () => {
    const one = await walk(start(1));
    const two = await walk(start(2));
    expect(two).toEqual(one);
    expect(one.folds).toHaveLength(2);
    expect(one.interrupted).toBe(false);
    expect(one.folds.map((f) => [f.train.from, f.train.to, f.test.from, f.test.to])).toEqual([
      [firstOpen + 100 * STEP, firstOpen + 1540 * STEP, firstOpen + 1540 * STEP, firstOpen + 2020 * STEP],
      [firstOpen + 580 * STEP, firstOpen + 2020 * STEP, firstOpen + 2020 * STEP, firstOpen + 2500 * STEP],
    ]);
    for (const fold of one.folds) {
      const best = fold.study.best!;
      expect(best).not.toBeNull();
      expect(fold.study.trials).toHaveLength(6);
      // the same backtest in this thread, as `dealbot backtest --from <test start> --to <test end>` runs it
      const built = trialConfig(raw, best.values, new Map(Object.keys(best.values).map((p) => [p, resolveParamPath(p, Object.keys(series))])));
      if (!('config' in built)) throw new Error(built.error);
      const traded = Object.fromEntries(Object.entries(series).map(([symbol, c]) => [symbol, sliceColumns(c, 0, lowerBound(c.openTime, fold.test.to))]));
      const direct = trialFigures(computeBacktestMetrics(await runBacktest(composeBacktest(built.config, traded, {}, { from: fold.test.from }))));
      expect(fold.outOfSample?.figures).toEqual(direct);
      expect(fold.outOfSample?.score).toBe(scoreTrial(OBJECTIVE, direct).value);
    }
    expect(one.summary.scored).toBe(one.folds.filter((f) => Number.isFinite(f.outOfSample!.score)).length);
  }, 120_000);

  it('no candle of a test part reaches its train study: changing the last test part changes its out-of-sample result only', async () => {
    const cut = firstOpen + 2020 * STEP;
    // the same candles up to the last test part, then prices 20 % lower
    const changed = Object.fromEntries(
      Object.entries(series).map(([symbol, c]) => {
        const copy = { length: c.length, openTime: c.openTime.slice(), open: c.open.slice(), high: c.high.slice(), low: c.low.slice(), close: c.close.slice(), volume: c.volume.slice() };
        for (let i = lowerBound(c.openTime, cut); i < c.length; i += 1) for (const k of ['open', 'high', 'low', 'close'] as const) copy[k][i] = c[k][i]! * 0.8;
        return [symbol, copy];
      }),
    );
    const original = await walk(start(2));
    const altered = await walk(start(2, changed));
    expect(altered.folds[0]).toEqual(original.folds[0]);
    expect(altered.folds[1]!.study).toEqual(original.folds[1]!.study);
    expect(altered.folds[1]!.outOfSample).not.toEqual(original.folds[1]!.outOfSample);
  }, 120_000);

  it('an abort (Ctrl-C) during a fold keeps the folds done and says the validation was interrupted', async () => {
    const stop = new AbortController();
    const result = await walk(start(1), { signal: stop.signal, onFold: () => stop.abort() });
    expect(result.folds).toHaveLength(1);
    expect(result.interrupted).toBe(true);
    expect(result.summary.scored).toBeLessThanOrEqual(1);
  }, 120_000);
});
