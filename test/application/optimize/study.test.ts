import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { computeBacktestMetrics } from '../../../src/application/backtest/backtest-metrics.js';
import { runBacktest } from '../../../src/application/backtest/backtest-runner.js';
import { trialFigures } from '../../../src/application/optimize/objectives.js';
import { gridTrials } from '../../../src/application/optimize/samplers.js';
import { searchSpace, type ParamSpec } from '../../../src/application/optimize/search-space.js';
import { runStudy, topTrials, type TrialEvaluator } from '../../../src/application/optimize/study.js';
import { TpeSampler } from '../../../src/application/optimize/tpe-sampler.js';
import { parseConfigYaml } from '../../../src/infrastructure/config/config.loader.js';
import type { DealbotConfig } from '../../../src/infrastructure/config/config.schema.js';
import { resolveParamPath } from '../../../src/infrastructure/config/optimize-paths.js';
import { trialConfig } from '../../../src/infrastructure/config/trial-config.js';
import type { CandleColumns } from '../../../src/infrastructure/market-data/candle-store/candle-columns.js';
import { CandleStore } from '../../../src/infrastructure/market-data/candle-store/candle-store.js';
import { composeBacktest } from '../../../src/main/backtest.js';
import { optimizeFixture } from '../../support/optimize-fixture.js';

/** The study's trials backtested in this thread (the worker threads run the same code): `concurrency` at once. */
const inThisThread = (series: Record<string, CandleColumns>, concurrency: number): TrialEvaluator<DealbotConfig> => ({
  concurrency,
  evaluate: async (config) => ({ figures: trialFigures(computeBacktestMetrics(await runBacktest(composeBacktest(config, series)))) }),
});

// botPrefix names the client order ids only: both its values trade alike and score the same
const SPECS: ParamSpec[] = [
  { kind: 'choice', path: 'strategy.macdSlow', values: [10, 26] },
  { kind: 'choice', path: 'botPrefix', values: ['aa-', 'bb-'] },
];

describe('runStudy', () => {
  let series: Record<string, CandleColumns>;
  let build: (values: Readonly<Record<string, string | number | boolean>>) => ReturnType<typeof trialConfig>;

  beforeAll(async () => {
    const fixture = await optimizeFixture({ pairs: 1, candles: 2000 });
    series = await new CandleStore(fixture.dataDir).readManyColumns(fixture.symbols, '1m');
    const raw = parseConfigYaml(readFileSync(fixture.config, 'utf8'), fixture.config);
    const paths = new Map(SPECS.map((p) => [p.path, resolveParamPath(p.path, fixture.symbols)]));
    build = (values) => trialConfig(raw, { 'strategy.macdFast': 12, ...values }, new Map([...paths, ['strategy.macdFast', resolveParamPath('strategy.macdFast', fixture.symbols)]]));
  });

  it('lists trials by index; a refused combination fails with its reason; equal scores go to the lower index', async () => {
    const trials = [...gridTrials(searchSpace(SPECS), 10)];
    const study = await runStudy({ trials, objective: { name: 'profit', minTrades: 1 }, build, evaluator: inThisThread(series, 3) });
    expect(study.interrupted).toBe(false);
    expect(study.trials.map((t) => [t.index, t.status])).toEqual([
      [0, 'failed'],
      [1, 'failed'],
      [2, 'ok'],
      [3, 'ok'],
    ]);
    expect(study.trials[0]!.reason).toBe('config: strategy.macdFast: macdFast must be < macdSlow');
    expect(study.trials[0]!.score).toBe(Number.NEGATIVE_INFINITY);
    expect(study.trials[2]!.figures).toEqual(study.trials[3]!.figures);
    expect(study.best?.index).toBe(2);
    expect(topTrials(study, 10).map((t) => t.index)).toEqual([2, 3]);
  });

  it('once aborted starts no trial; the running ones finish and count', async () => {
    const trials = [...gridTrials(searchSpace(SPECS), 10)].slice(2);
    for (const concurrency of [1, 2]) {
      const stop = new AbortController();
      const study = await runStudy({ trials, objective: { name: 'profit', minTrades: 1 }, build, evaluator: inThisThread(series, concurrency), signal: stop.signal, onTrial: () => stop.abort() });
      expect(study.interrupted).toBe(concurrency < 2);
      expect(study.trials).toHaveLength(concurrency);
      expect(study.best?.index).toBe(2);
    }
  });

  it('tpe: a trial waiting for earlier results does not start once aborted; an evaluator that rejects ends the study while a trial waits', async () => {
    // lag 0: trial 1 waits for trial 0's result, and the abort comes with that result
    const tpe = new TpeSampler(searchSpace(SPECS), 4, 1, { lag: 0, startupTrials: 1 });
    const stop = new AbortController();
    const study = await runStudy({ trials: tpe, objective: { name: 'profit', minTrades: 1 }, build, evaluator: inThisThread(series, 2), signal: stop.signal, onTrial: () => stop.abort() });
    expect(study.trials.map((t) => t.index)).toEqual([0]);
    expect(study.interrupted).toBe(true);
    // trial 0's evaluator rejects while trial 1 waits for its result: the study ends with the error
    const failing: TrialEvaluator<DealbotConfig> = { concurrency: 2, evaluate: () => Promise.reject(new Error('worker thread died')) };
    const waiting = runStudy({ trials: new TpeSampler(searchSpace(SPECS), 4, 1, { lag: 0 }), objective: { name: 'profit', minTrades: 1 }, build, evaluator: failing });
    await expect(waiting).rejects.toThrow('worker thread died');
  });

  it('a trial below minTrades keeps its figures, scores -Infinity with the reason and is not the best', async () => {
    const trials = [...gridTrials(searchSpace(SPECS), 10)].slice(2, 3);
    const study = await runStudy({ trials, objective: { name: 'profit', minTrades: 100_000 }, build, evaluator: inThisThread(series, 1) });
    const [trial] = study.trials;
    expect(trial!.status).toBe('ok');
    expect(trial!.reason).toBe(`${trial!.figures!.trades} trades, fewer than minTrades 100000`);
    expect(study.best).toBeNull();
  });
});
