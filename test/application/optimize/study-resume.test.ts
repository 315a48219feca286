import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { computeBacktestMetrics } from '../../../src/application/backtest/backtest-metrics.js';
import { runBacktest } from '../../../src/application/backtest/backtest-runner.js';
import { trialFigures } from '../../../src/application/optimize/objectives.js';
import { studyTrials, type SamplerName } from '../../../src/application/optimize/samplers.js';
import { searchSpace } from '../../../src/application/optimize/search-space.js';
import { runStudy, StudyReplanError, type TrialEvaluator } from '../../../src/application/optimize/study.js';
import { parseConfigYaml, validateConfig } from '../../../src/infrastructure/config/config.loader.js';
import type { DealbotConfig } from '../../../src/infrastructure/config/config.schema.js';
import { resolveParamPath } from '../../../src/infrastructure/config/optimize-paths.js';
import { trialConfig } from '../../../src/infrastructure/config/trial-config.js';
import type { CandleColumns } from '../../../src/infrastructure/market-data/candle-store/candle-columns.js';
import { CandleStore } from '../../../src/infrastructure/market-data/candle-store/candle-store.js';
import { InMemoryStudyRepository } from '../../../src/infrastructure/persistence/in-memory/in-memory.studies.repository.js';
import { composeBacktest } from '../../../src/main/backtest.js';
import { optimizeFixture } from '../../support/optimize-fixture.js';

const OPTIMIZE = `optimize:
  objective: profit
  startupTrials: 3
  parameters:
    strategy.macdFast: { int: [8, 14], step: 2 }
    strategy.macdSlow: { choice: [20, 26, 30] }
    pairs.*.profitMarkup: { decimal: ["0.004", "0.008"], step: "0.002" }
`;
const OBJECTIVE = { name: 'profit', minTrades: 1 } as const;

describe('a stored study resumed', () => {
  let series: Record<string, CandleColumns>;
  let build: (values: Readonly<Record<string, string | number | boolean>>) => ReturnType<typeof trialConfig>;
  let section: NonNullable<DealbotConfig['optimize']>;
  let evaluations = 0;
  /** Backtests in this thread, as the worker threads run them, counted. */
  const evaluator = (concurrency: number): TrialEvaluator<DealbotConfig> => ({
    concurrency,
    evaluate: async (config) => {
      evaluations += 1;
      return { figures: trialFigures(computeBacktestMetrics(await runBacktest(composeBacktest(config, series)))) };
    },
  });
  const plan = (sampler: SamplerName, seed: number) => studyTrials(searchSpace(section.parameters), sampler, 10, seed, section.startupTrials);

  beforeAll(async () => {
    const fixture = await optimizeFixture({ pairs: 1, candles: 1500, optimize: OPTIMIZE });
    series = await new CandleStore(fixture.dataDir).readManyColumns(fixture.symbols, '1m');
    const raw = parseConfigYaml(readFileSync(fixture.config, 'utf8'), fixture.config);
    section = validateConfig(raw, fixture.config).optimize!;
    const paths = new Map(section.parameters.map((p) => [p.path, resolveParamPath(p.path, fixture.symbols)]));
    build = (values) => trialConfig(raw, values, paths);
  });

  for (const sampler of ['random', 'tpe'] as const) {
    it(`${sampler}: interrupted after 4 trials and resumed, it equals the study run in one go, and runs only the trials not stored`, async () => {
      const oneGo = await runStudy({ trials: plan(sampler, 7), objective: OBJECTIVE, build, evaluator: evaluator(2) });
      expect(oneGo.trials).toHaveLength(10);
      const studies = new InMemoryStudyRepository();
      await studies.create({ id: 's', configPath: 'c.yaml', configText: '', dataDir: '', sampler, seed: 7, objective: OBJECTIVE, planned: 10, createdAt: 1 });
      const save = async (trial: Parameters<typeof studies.saveTrial>[1]): Promise<void> => {
        await studies.saveTrial('s', trial);
      };
      const stop = new AbortController();
      let finished = 0;
      const first = await runStudy({ trials: plan(sampler, 7), objective: OBJECTIVE, build, evaluator: evaluator(1), signal: stop.signal, save, onTrial: () => (++finished === 4 ? stop.abort() : undefined) });
      expect(first.interrupted).toBe(true);
      expect((await studies.trials('s')).map((t) => t.index)).toEqual([0, 1, 2, 3]);
      evaluations = 0;
      const resumed = await runStudy({ trials: plan(sampler, 7), objective: OBJECTIVE, build, evaluator: evaluator(2), done: await studies.trials('s'), save });
      // the failed combinations (macdFast >= macdSlow) are not backtested
      expect(evaluations).toBe(oneGo.trials.slice(4).filter((t) => t.status === 'ok').length);
      expect(resumed).toEqual(oneGo);
      expect(await studies.trials('s')).toEqual(oneGo.trials);
    }, 120_000);
  }

  it('a stored trial the sampler no longer proposes ends the resumed study with its index', async () => {
    const other = await runStudy({ trials: plan('random', 8), objective: OBJECTIVE, build, evaluator: evaluator(1) });
    await expect(runStudy({ trials: plan('tpe', 7), objective: OBJECTIVE, build, evaluator: evaluator(1), done: other.trials.slice(0, 2) })).rejects.toThrow(StudyReplanError);
  }, 60_000);
});
