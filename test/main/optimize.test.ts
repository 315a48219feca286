import { beforeAll, describe, expect, it } from 'vitest';
import { plannedTrials } from '../../src/application/optimize/samplers.js';
import { searchSpace } from '../../src/application/optimize/search-space.js';
import { runStudy, type StudyResult } from '../../src/application/optimize/study.js';
import { TpeSampler, type AdaptiveSampler } from '../../src/application/optimize/tpe-sampler.js';
import { validateConfig } from '../../src/infrastructure/config/config.loader.js';
import { resolveParamPath } from '../../src/infrastructure/config/optimize-paths.js';
import { trialConfig } from '../../src/infrastructure/config/trial-config.js';
import type { CandleColumns } from '../../src/infrastructure/market-data/candle-store/candle-columns.js';
import type { TrialPool } from '../../src/main/optimize.js';
import { loadedOptimizeFixture, trialPools } from '../support/optimize-fixture.js';


describe('optimize worker threads', () => {
  let series: Record<string, CandleColumns>;
  let raw: Record<string, unknown>;
  let study: (pool: TrialPool) => Promise<StudyResult>;
  let tpeStudy: (pool: TrialPool, seen: number[][]) => Promise<StudyResult>;
  const startPool = trialPools();
  const start = (workers: number): TrialPool => startPool(series, workers);

  beforeAll(async () => {
    const loaded = await loadedOptimizeFixture({ pairs: 2, candles: 2500 });
    ({ series, raw } = loaded);
    const { section, build } = loaded;
    const trials = plannedTrials(searchSpace(section.parameters), 'random', 6, 42);
    study = (pool) => runStudy({ trials, objective: { name: 'profit', minTrades: 1 }, evaluator: pool, build });
    tpeStudy = (pool, seen) => {
      const tpe = new TpeSampler(searchSpace(section.parameters), 9, 7, { startupTrials: 3, lag: 1 });
      // the real sampler, noting which finished trials each proposal was given
      const noting: AdaptiveSampler = {
        planned: tpe.planned,
        lag: tpe.lag,
        propose: (index, finished) => {
          seen[index] = finished.map((t) => t.index);
          return tpe.propose(index, finished);
        },
      };
      return runStudy({ trials: noting, objective: { name: 'profit', minTrades: 1 }, evaluator: pool, build });
    };
  });

  it('read the candles from the SharedArrayBuffer they were given, without a copy', async () => {
    const pool = start(2);
    const symbol = Object.keys(series)[0]!;
    const shared = pool.shared[symbol]!;
    expect(shared.buffer).toBeInstanceOf(SharedArrayBuffer);
    const first = await pool.peek(symbol, 'close', 10);
    expect(first).toEqual({ value: series[symbol]!.close[10], shared: true, sameBuffer: true });
    // a write to the shared memory here is what the workers read: one buffer, not copies
    const closes = new Float64Array(shared.buffer, 4 * shared.length * 8, shared.length);
    closes[10] = 123.456;
    const answers = await Promise.all([pool.peek(symbol, 'close', 10), pool.peek(symbol, 'close', 10), pool.peek(symbol, 'close', 10)]);
    for (const answer of answers) expect(answer.value).toBe(123.456);
    closes[10] = series[symbol]!.close[10]!;
  });

  it('give the same trials and results with 1 worker and with 2, run from the TypeScript sources', async () => {
    const one = await study(start(1));
    const two = await study(start(2));
    expect(one.trials).toHaveLength(6);
    expect(two).toEqual(one);
    const ok = one.trials.filter((t) => t.status === 'ok');
    expect(ok.length).toBeGreaterThan(2);
    expect(ok.every((t) => t.figures !== undefined && t.figures.trades > 0)).toBe(true);
    // an invalid combination (macdFast >= macdSlow) is a failed trial with the schema's reason
    const failed = one.trials.filter((t) => t.status === 'failed');
    expect(failed.length).toBeGreaterThan(0);
    for (const t of failed) expect(t.reason).toBe('config: strategy.macdFast: macdFast must be < macdSlow');
    expect(one.best).toEqual([...ok].sort((a, b) => b.score - a.score)[0]);
  });

  it('tpe: trial k is proposed from trials 0 .. k - lag - 1 only, so 1, 2 and 3 workers give the same study', async () => {
    const seen: number[][][] = [[], [], []];
    const one = await tpeStudy(start(1), seen[0]!);
    const two = await tpeStudy(start(2), seen[1]!);
    // with 3 workers and lag 1, trial 2 is asked for while trial 0 still runs: it waits for it
    const three = await tpeStudy(start(3), seen[2]!);
    expect(one.trials).toHaveLength(9);
    expect(two).toEqual(one);
    expect(three).toEqual(one);
    const expected = Array.from({ length: 9 }, (_, k) => Array.from({ length: Math.max(0, k - 1) }, (_, i) => i));
    expect(seen).toEqual([expected, expected, expected]);
  });

  it('a backtest that throws in its worker is a failed trial; the worker takes the next one', async () => {
    const pool = start(1);
    const config = validateConfig(raw, 'c.yaml');
    const unknownPair = { ...config, pairs: [{ ...config.pairs[0]!, symbol: 'ZZZ/USDT' }] };
    expect(await pool.evaluate(unknownPair, { index: 0, values: {} })).toEqual({ error: 'no candles of ZZZ/USDT were loaded' });
    const again = await pool.evaluate(config, { index: 1, values: {} });
    expect('figures' in again && again.figures.trades).toBeGreaterThan(0);
  });

  it('a pool that stops mid-study ends the study with the reason, instead of failing every trial left', async () => {
    const pool = start(1);
    const section = validateConfig(raw, 'c.yaml').optimize!;
    const symbols = Object.keys(series);
    const paths = new Map(section.parameters.map((p) => [p.path, resolveParamPath(p.path, symbols)]));
    const trials = plannedTrials(searchSpace(section.parameters), 'grid', 12, 1);
    const started: number[] = [];
    const study = runStudy({
      trials,
      objective: { name: 'profit', minTrades: 1 },
      evaluator: pool,
      build: (values) => trialConfig(raw, values, paths),
      onTrial: (trial) => {
        started.push(trial.index);
        if (trial.status === 'ok') void pool.close();
      },
    });
    await expect(study).rejects.toThrow('the worker pool is closed');
    expect(started.length).toBeLessThan(12);
  });
});
