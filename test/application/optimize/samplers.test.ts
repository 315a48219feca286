import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gridTrials, plannedTrials, randomTrials } from '../../../src/application/optimize/samplers.js';
import { paramValues, searchSpace, type ParamSpec } from '../../../src/application/optimize/search-space.js';

const SPECS: ParamSpec[] = [
  { kind: 'int', path: 'strategy.macdFast', lo: 8, hi: 12, step: 2 },
  { kind: 'decimal', path: 'pairs.*.profitMarkup', lo: '0.1', hi: '0.3', step: '0.1' },
  { kind: 'choice', path: 'strategy.rsiBuyBelow', values: [40, 50] },
];

describe('search space values', () => {
  it('steps decimals exactly and writes them as text; floats as numbers; int ranges include hi when on the step', () => {
    expect(paramValues(SPECS[1]!)).toEqual(['0.1', '0.2', '0.3']);
    expect(paramValues({ kind: 'float', path: 'strategy.rsiBuyBelow', lo: '0.1', hi: '0.3', step: '0.1' })).toEqual([0.1, 0.2, 0.3]);
    expect(paramValues(SPECS[0]!)).toEqual([8, 10, 12]);
    expect(paramValues({ kind: 'int', path: 'a', lo: 1, hi: 6, step: 2 })).toEqual([1, 3, 5]);
    expect(paramValues({ kind: 'decimal', path: 'a', lo: '-0.02', hi: '0.02', step: '0.02' })).toEqual(['-0.02', '0', '0.02']);
  });

  it('refuses lo > hi, a step <= 0, an empty choice, a path twice, a range of too many values', () => {
    expect(() => paramValues({ kind: 'int', path: 'strategy.macdFast', lo: 9, hi: 8, step: 1 })).toThrow('strategy.macdFast: lo 9 is above hi 8');
    expect(() => paramValues({ kind: 'decimal', path: 'x', lo: '0', hi: '1', step: '0' })).toThrow('x: step must be > 0');
    expect(() => paramValues({ kind: 'choice', path: 'x', values: [] })).toThrow('x: choice must list at least one value');
    expect(() => searchSpace([SPECS[0]!, SPECS[0]!])).toThrow('strategy.macdFast: appears twice');
    expect(() => paramValues({ kind: 'decimal', path: 'x', lo: '0', hi: '1', step: '0.000001' })).toThrow(/x: 1000001 values .* more than 100000/);
  });
});

describe('grid sampler', () => {
  it('enumerates every combination once, first parameter outermost, last fastest', () => {
    const space = searchSpace(SPECS);
    expect(space.size).toBe(3 * 3 * 2);
    const trials = [...gridTrials(space, 100)];
    expect(trials).toHaveLength(18);
    expect(trials.map((t) => t.index)).toEqual([...Array(18).keys()]);
    expect(trials.slice(0, 3).map((t) => t.values)).toEqual([
      { 'strategy.macdFast': 8, 'pairs.*.profitMarkup': '0.1', 'strategy.rsiBuyBelow': 40 },
      { 'strategy.macdFast': 8, 'pairs.*.profitMarkup': '0.1', 'strategy.rsiBuyBelow': 50 },
      { 'strategy.macdFast': 8, 'pairs.*.profitMarkup': '0.2', 'strategy.rsiBuyBelow': 40 },
    ]);
    expect(trials[17]!.values).toEqual({ 'strategy.macdFast': 12, 'pairs.*.profitMarkup': '0.3', 'strategy.rsiBuyBelow': 50 });
    expect(new Set(trials.map((t) => JSON.stringify(t.values))).size).toBe(18);
  });

  it('refuses a grid above the trial limit with one line saying how large it is', () => {
    expect(() => plannedTrials(searchSpace(SPECS), 'grid', 17, 1)).toThrow('the grid has 18 combinations, more than the 17 trials allowed; narrow the ranges, use larger steps or raise --trials');
    expect(plannedTrials(searchSpace(SPECS), 'grid', 18, 1)).toHaveLength(18);
  });
});

describe('random sampler', () => {
  it('the same seed gives the same trials, another seed others', () => {
    const space = searchSpace(SPECS);
    const a = plannedTrials(space, 'random', 10, 42);
    expect(plannedTrials(space, 'random', 10, 42)).toEqual(a);
    expect(plannedTrials(space, 'random', 10, 43)).not.toEqual(a);
    // seed 42 draws 2581720956, 1925393290, 3661312704 first (seeded-random.test.ts): / 2^32 x (3, 3, 2) values -> indices 1, 1, 1
    expect(a[0]!.values).toEqual({ 'strategy.macdFast': 10, 'pairs.*.profitMarkup': '0.2', 'strategy.rsiBuyBelow': 50 });
  });

  it('draws distinct combinations of the space, and stops when the space is used up', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 1, max: 30 }), (seed, count) => {
        const space = searchSpace(SPECS);
        const trials = [...randomTrials(space, count, seed)];
        expect(trials).toHaveLength(Math.min(count, 18));
        expect(new Set(trials.map((t) => JSON.stringify(t.values))).size).toBe(trials.length);
        for (const t of trials) SPECS.forEach((spec, i) => expect(space.values[i]).toContain(t.values[spec.path]));
      }),
    );
  });
});
