import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { dealbot } from '../../support/optimize-cli.js';
import { fixtureConfigText, optimizeFixture } from '../../support/optimize-fixture.js';

describe('dealbot optimize', () => {
  let fixture: Awaited<ReturnType<typeof optimizeFixture>>;
  beforeAll(async () => {
    fixture = await optimizeFixture({ pairs: 1, candles: 3000 });
  });
  const common = (): string[] => ['optimize', '-c', fixture.config, '--data-dir', fixture.dataDir, '--database', `sqlite:${join(fixture.dir, 'studies.db')}`];

  it('prints the top trials and writes the best settings as a config that backtests to the same objective', async () => {
    const best = join(fixture.dir, 'best.yaml');
    const run = await dealbot([...common(), '--workers', '2', '--out', best]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Optimize .*config\.yaml: profit \(minTrades 1\), random sampler, seed 42, 2 workers$/m);
    expect(run.stdout).toMatch(/^6 of 6 trials done, \d+ failed, \d+ without a score$/m);
    expect(run.stdout).toMatch(/^rank +trial +strategy\.macdFast +strategy\.macdSlow +pairs\.\*\.profitMarkup +profit +trades +pnl +drawdown$/m);
    expect(run.stdout).toContain(`Wrote the best settings (trial `);
    const json = await dealbot([...common(), '--workers', '1', '--json']);
    expect(json.code, json.stderr).toBe(0);
    const study = JSON.parse(json.stdout);
    expect(study).toMatchObject({ sampler: 'random', seed: 42, workers: 1, planned: 6, completed: 6, interrupted: false });
    expect(study.trials.map((t: { index: number }) => t.index)).toEqual([0, 1, 2, 3, 4, 5]);
    const backtest = await dealbot(['backtest', '-c', best, '--data-dir', fixture.dataDir, '--json', '--no-progress']);
    expect(backtest.code, backtest.stderr).toBe(0);
    const metrics = JSON.parse(backtest.stdout).metrics;
    expect(metrics.pnl).toBe(study.best.figures.pnl);
    expect(Number(metrics.pnl)).toBe(study.best.score);
    expect(metrics.sharpe).toBe(study.best.figures.sharpe);
    expect(metrics.trades).toBe(study.best.figures.trades);
  }, 120_000);

  it('a grid runs every combination in order; the same seed with 1 or 2 workers gives the same study', async () => {
    const grid = await dealbot([...common(), '--sampler', 'grid', '--trials', '12', '--workers', '2', '--json']);
    expect(grid.code, grid.stderr).toBe(0);
    const study = JSON.parse(grid.stdout);
    expect(study.trials).toHaveLength(12);
    expect(study.trials.slice(0, 2).map((t: { values: unknown }) => t.values)).toEqual([
      { 'strategy.macdFast': 10, 'strategy.macdSlow': 14, 'pairs.*.profitMarkup': '0.004' },
      { 'strategy.macdFast': 10, 'strategy.macdSlow': 14, 'pairs.*.profitMarkup': '0.006' },
    ]);
    const oneWorker = await dealbot([...common(), '--sampler', 'grid', '--trials', '12', '--workers', '1', '--json']);
    expect({ ...JSON.parse(oneWorker.stdout), workers: 2, study: study.study }).toEqual(study);
    const refused = await dealbot([...common(), '--sampler', 'grid', '--trials', '11']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(`dealbot: ${fixture.config}: optimize: the grid has 12 combinations, more than the 11 trials allowed; narrow the ranges, use larger steps or raise --trials\n`);
  }, 120_000);

  it('Ctrl-C stops after the running trial and still reports and writes what is done', async () => {
    const best = join(fixture.dir, 'interrupted.yaml');
    const run = await dealbot([...common(), '--trials', '50', '--workers', '1', '--out', best], /Ctrl-C stops/);
    expect(run.code, run.stderr).toBe(130);
    const done = /^(\d+) of 12 trials done \(interrupted\)/m.exec(run.stdout);
    expect(done, run.stdout).not.toBeNull();
    expect(Number(done![1])).toBeGreaterThanOrEqual(1);
    expect(Number(done![1])).toBeLessThan(12);
    // trial 0 (macdFast 14, macdSlow 26) was running when Ctrl-C came: it finished, scored and is written
    expect(run.stdout).toContain(`Wrote the best settings (trial 0) to ${best}`);
    expect(readFileSync(best, 'utf8')).toMatch(/strategy:\n {2}macdFast: 14\n {2}macdSlow: 26\n/);
  }, 120_000);

  it('--sampler tpe (10 random trials, then 2 from the model): the same trials and scores on 1 worker and 2', async () => {
    const runs = await Promise.all(['1', '2'].map((w) => dealbot([...common(), '--sampler', 'tpe', '--trials', '12', '--workers', w, '--json'])));
    for (const run of runs) expect(run.code, run.stderr).toBe(0);
    const [one, two] = runs.map((run) => JSON.parse(run.stdout));
    expect(one).toMatchObject({ sampler: 'tpe', planned: 12, completed: 12, interrupted: false });
    const trials = (study: { trials: { index: number; values: unknown; score: number | null }[] }): unknown[] => study.trials.map((t) => [t.index, t.values, t.score]);
    expect(trials(two)).toEqual(trials(one));
  }, 120_000);

  it.each([
    [['--sampler', 'bayes'], 2, 'dealbot: option \'--sampler <name>\' argument \'bayes\' is invalid. --sampler must be grid, random or tpe, got "bayes"'],
    [['--workers', '0'], 2, 'dealbot: option \'--workers <n>\' argument \'0\' is invalid. --workers must be a whole number >= 1, got "0"'],
  ])('a bad command line %j is one line, exit %i', async (args, code, line) => {
    const run = await dealbot([...common(), ...args]);
    expect(run.code).toBe(code);
    expect(run.stderr).toBe(`${line}\n`);
  });

  it.each([
    ['    strategy.macdFst: { int: [8, 16] }', 'optimize.parameters.strategy.macdFst: no field "macdFst" in strategy (it has rsiPeriod, macdFast, macdSlow, macdSignal, rsiBuyBelow, rsiSellAbove, start, rule)'],
    ['    strategy.macdFast: { int: [16, 8] }', 'optimize.parameters.strategy.macdFast.int: lo 16 is above hi 8'],
    ['    strategy.rsiBuyBelow: { choice: [] }', 'optimize.parameters.strategy.rsiBuyBelow.choice: must list at least one value'],
  ])('a bad search space is one line naming the field, exit 1: %s', async (parameters, message) => {
    const config = join(fixture.dir, 'bad.yaml');
    writeFileSync(config, fixtureConfigText(fixture.symbols, `optimize:\n  parameters:\n${parameters}\n`));
    const run = await dealbot(['optimize', '-c', config, '--data-dir', fixture.dataDir]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`dealbot: ${config}: ${message}\n`);
  });

  it('a config without an optimize section says what is missing', async () => {
    const config = join(fixture.dir, 'plain.yaml');
    writeFileSync(config, fixtureConfigText(fixture.symbols, ''));
    const run = await dealbot(['optimize', '-c', config, '--data-dir', fixture.dataDir]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`dealbot: ${config}: optimize: is required: the parameters to search and the objective (see docs/optimize.md)\n`);
  });
});
