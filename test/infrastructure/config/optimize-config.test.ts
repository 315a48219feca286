import { describe, expect, it } from 'vitest';
import { parseConfigText, parseConfigYaml } from '../../../src/infrastructure/config/config.loader.js';
import { resolveParamPath } from '../../../src/infrastructure/config/optimize-paths.js';
import { configTextWithValues, trialConfig } from '../../../src/infrastructure/config/trial-config.js';
import { fixtureConfigText } from '../../support/optimize-fixture.js';

const SYMBOLS = ['P000/USDT', 'P001/USDT'];
const withSearch = (parameters: string, more = ''): string => fixtureConfigText(SYMBOLS, `optimize:${more}\n  parameters:\n${parameters}\n`);
const refusal = (text: string): string => {
  try {
    parseConfigText(text, 'c.yaml');
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('accepted');
};

describe('the optimize section', () => {
  it('reads int, float, decimal and choice parameters in their order, with the defaults', () => {
    const config = parseConfigText(withSearch('    strategy.macdFast: { int: [8, 16] }\n    strategy.rsiBuyBelow: { float: [30, 50.5], step: 0.5 }\n    pairs.*.profitMarkup: { decimal: ["0.004", 0.01], step: "0.002" }\n    windowSize: { choice: [100, 200] }'), 'c.yaml');
    expect(config.optimize).toEqual({
      objective: 'profit',
      minTrades: 1,
      sampler: 'random',
      startupTrials: 10,
      trials: 100,
      seed: 1,
      parameters: [
        { kind: 'int', path: 'strategy.macdFast', lo: 8, hi: 16, step: 1 },
        { kind: 'float', path: 'strategy.rsiBuyBelow', lo: '30', hi: '50.5', step: '0.5' },
        { kind: 'decimal', path: 'pairs.*.profitMarkup', lo: '0.004', hi: '0.01', step: '0.002' },
        { kind: 'choice', path: 'windowSize', values: [100, 200] },
      ],
    });
  });

  it.each([
    ['    strategy.macdFast: { int: [16, 8] }', 'c.yaml: optimize.parameters.strategy.macdFast.int: lo 16 is above hi 8'],
    ['    pairs.*.profitMarkup: { decimal: ["0.02", "0.01"], step: "0.001" }', 'c.yaml: optimize.parameters.pairs.*.profitMarkup.decimal: lo 0.02 is above hi 0.01'],
    ['    strategy.rsiBuyBelow: { choice: [] }', 'c.yaml: optimize.parameters.strategy.rsiBuyBelow.choice: must list at least one value'],
    ['    strategy.rsiBuyBelow: { choice: [40, 40] }', 'c.yaml: optimize.parameters.strategy.rsiBuyBelow.choice: lists a value twice'],
    ['    strategy.rsiBuyBelow: { float: [30, 50] }', 'c.yaml: optimize.parameters.strategy.rsiBuyBelow.step: is required for a float or decimal range, e.g. step: 0.001'],
    ['    strategy.rsiBuyBelow: { float: [30, 50], step: 0 }', 'c.yaml: optimize.parameters.strategy.rsiBuyBelow.step: must be a decimal number > 0, got 0'],
    ['    strategy.macdFast: { int: [8, 16], step: 0.5 }', 'c.yaml: optimize.parameters.strategy.macdFast.step: must be a whole number >= 1, got 0.5'],
    ['    strategy.macdFast: { int: [8.5, 16] }', 'c.yaml: optimize.parameters.strategy.macdFast.int: must be two whole numbers, got [8.5,16]'],
    ['    strategy.macdFast: { range: [8, 16] }', 'c.yaml: optimize.parameters.strategy.macdFast: must have exactly one of int, float, decimal, choice; got range'],
    ['    strategy.macdFast: 12', 'c.yaml: optimize.parameters.strategy.macdFast: must be { int: [lo, hi] }, { float: [lo, hi], step }, { decimal: [lo, hi], step } or { choice: [values] }'],
    ['    {}', 'c.yaml: optimize.parameters: must name at least one parameter, e.g. strategy.macdFast: { int: [8, 16] }'],
  ])('refuses %s in one line naming the field', (parameters, message) => {
    expect(refusal(withSearch(parameters))).toBe(message);
  });

  it('refuses an unknown objective and a drawdown limit that is no percent', () => {
    expect(refusal(withSearch('    strategy.macdFast: { int: [8, 16] }', '\n  objective: money'))).toBe('c.yaml: optimize.objective: must be one of profit, sharpe, sortino, calmar');
    expect(refusal(withSearch('    strategy.macdFast: { int: [8, 16] }', '\n  maxDrawdown: 120'))).toBe('c.yaml: optimize.maxDrawdown: must be <= 100 (a percent)');
  });

  it('takes the tpe sampler with its startupTrials; refuses another sampler and startupTrials < 1', () => {
    const config = parseConfigText(withSearch('    strategy.macdFast: { int: [8, 16] }', '\n  sampler: tpe\n  startupTrials: 20'), 'c.yaml');
    expect(config.optimize).toMatchObject({ sampler: 'tpe', startupTrials: 20 });
    expect(refusal(withSearch('    strategy.macdFast: { int: [8, 16] }', '\n  sampler: bayes'))).toBe('c.yaml: optimize.sampler: must be grid, random or tpe');
    expect(refusal(withSearch('    strategy.macdFast: { int: [8, 16] }', '\n  startupTrials: 0'))).toBe('c.yaml: optimize.startupTrials: must be >= 1');
  });
  it('takes walkForward folds with a trainShare (0.75 by default); refuses folds < 2 and a share outside (0, 1) naming the field', () => {
    const search = '    strategy.macdFast: { int: [8, 16] }';
    expect(parseConfigText(withSearch(search, '\n  walkForward: { folds: 4 }'), 'c.yaml').optimize?.walkForward).toEqual({ folds: 4, trainShare: 0.75 });
    expect(parseConfigText(withSearch(search, '\n  walkForward: { folds: 2, trainShare: 0.6 }'), 'c.yaml').optimize?.walkForward).toEqual({ folds: 2, trainShare: 0.6 });
    expect(refusal(withSearch(search, '\n  walkForward: { folds: 1 }'))).toBe('c.yaml: optimize.walkForward.folds: must be >= 2');
    expect(refusal(withSearch(search, '\n  walkForward: { folds: 3, trainShare: 1 }'))).toBe('c.yaml: optimize.walkForward.trainShare: must be between 0 and 1 (both excluded)');
    expect(refusal(withSearch(search, '\n  walkForward: { folds: 3, trainShare: 0 }'))).toBe('c.yaml: optimize.walkForward.trainShare: must be between 0 and 1 (both excluded)');
  });
});

describe('parameter paths', () => {
  it('resolve to their places: a field, a pair by symbol, every pair', () => {
    expect(resolveParamPath('strategy.macdFast', SYMBOLS)).toEqual([['strategy', 'macdFast']]);
    expect(resolveParamPath('exits.trailingStop.distance', SYMBOLS)).toEqual([['exits', 'trailingStop', 'distance']]);
    expect(resolveParamPath('pairs.P001/USDT.profitMarkup', SYMBOLS)).toEqual([['pairs', 1, 'profitMarkup']]);
    expect(resolveParamPath('pairs.*.exits.stopLoss', SYMBOLS)).toEqual([['pairs', 0, 'exits', 'stopLoss'], ['pairs', 1, 'exits', 'stopLoss']]);
    // DCA deals backtest, so their settings are searchable
    expect(resolveParamPath('pairs.P000/USDT.dca.maxSafetyOrders', SYMBOLS)).toEqual([['pairs', 0, 'dca', 'maxSafetyOrders']]);
  });

  it.each([
    ['strategy.macdFst', 'no field "macdFst" in strategy (it has rsiPeriod, macdFast, macdSlow, macdSignal, rsiBuyBelow, rsiSellAbove, start, rule)'],
    ['pairs.BTC/USDT.profitMarkup', 'pair "BTC/USDT" is not in the config\'s pairs (P000/USDT, P001/USDT); use a symbol or * for every pair'],
    ['strategy', 'strategy is a section, not a value; name a field in it'],
    ['strategy.macdFast.x', 'strategy.macdFast is a single value; nothing is under it'],
    ['optimize.trials', 'cannot search the optimize section itself'],
    ['timeframe', 'the candles are read once for the config\'s timeframe; run one study per timeframe'],
    ['pairs.*.symbol', 'the candles are read once for the config\'s pairs; a study cannot change a pair\'s symbol'],
    ['strategy..macdFast', 'is not a dotted path like strategy.macdFast'],
  ])('refuse %s', (path, message) => {
    expect(() => resolveParamPath(path, SYMBOLS)).toThrow(message);
  });
});

describe('a trial config', () => {
  const text = withSearch('    strategy.macdFast: { int: [8, 16] }');
  const raw = parseConfigYaml(text, 'c.yaml');
  const paths = new Map([
    ['strategy.macdFast', resolveParamPath('strategy.macdFast', SYMBOLS)],
    ['pairs.*.profitMarkup', resolveParamPath('pairs.*.profitMarkup', SYMBOLS)],
    ['pairs.P001/USDT.exits.stopLoss', resolveParamPath('pairs.P001/USDT.exits.stopLoss', SYMBOLS)],
  ]);

  it('is the base with the values set, checked by the schema, without the optimize section', () => {
    const built = trialConfig(raw, { 'strategy.macdFast': 10, 'pairs.*.profitMarkup': '0.0125', 'pairs.P001/USDT.exits.stopLoss': '0.03' }, paths);
    if (!('config' in built)) throw new Error(built.error);
    expect(built.config.strategy.macdFast).toBe(10);
    expect(built.config.pairs.map((p) => p.profitMarkup)).toEqual(['0.0125', '0.0125']);
    expect(built.config.pairs.map((p) => p.exits?.stopLoss)).toEqual(['0.05', '0.03']);
    expect(built.config.optimize).toBeUndefined();
    expect(raw.strategy).toBeUndefined(); // the base is not changed
  });

  it('an invalid combination is a reason, not an exception', () => {
    expect(trialConfig(raw, { 'strategy.macdFast': 30 }, paths)).toEqual({ error: 'config: strategy.macdFast: macdFast must be < macdSlow' });
    expect(trialConfig(raw, { 'pairs.*.profitMarkup': '0' }, paths)).toEqual({ error: 'config: pairs[0].profitMarkup: must be > 0' });
  });

  it('written as text keeps the comments, writes decimals as exact text and drops the optimize section', () => {
    const out = configTextWithValues(text, { 'strategy.macdFast': 10, 'pairs.*.profitMarkup': '0.0125', 'pairs.P001/USDT.exits.stopLoss': '0.03' }, paths);
    expect(out).toContain('# optimize fixture');
    expect(out).toContain('# a synthetic pair');
    expect(out).toContain('profitMarkup: "0.0125"');
    expect(out).not.toContain('optimize:');
    const again = parseConfigText(out, 'best.yaml');
    expect(again.strategy.macdFast).toBe(10);
    expect(again.pairs[1]!.exits?.stopLoss).toBe('0.03');
  });

  it('a section written as null (a rule a pair turned off) becomes a mapping to hold the value', () => {
    const off = text.replace('    paperMarket: { priceStep: "0.01", amountStep: "0.00001", minCost: "1" }\n', '    paperMarket: { priceStep: "0.01", amountStep: "0.00001", minCost: "1" }\n    exits: { trailingStop: null }\n');
    expect(off).toContain('exits: { trailingStop: null }');
    const distance = new Map([['pairs.*.exits.trailingStop.distance', resolveParamPath('pairs.*.exits.trailingStop.distance', SYMBOLS)]]);
    const built = trialConfig(parseConfigYaml(off, 'c.yaml'), { 'pairs.*.exits.trailingStop.distance': '0.01' }, distance);
    // the rule needs its activation too: the trial fails with the schema's reason rather than throwing
    expect(built).toEqual({ error: 'config: pairs[0].exits.trailingStop.activation: is required' });
    const written = parseConfigYaml(configTextWithValues(off, { 'pairs.*.exits.trailingStop.distance': '0.01' }, distance), 'best.yaml') as { pairs: { exits: unknown }[] };
    expect(written.pairs.map((p) => p.exits)).toEqual([{ trailingStop: { distance: '0.01' } }, { trailingStop: { distance: '0.01' } }]);
  });
});
