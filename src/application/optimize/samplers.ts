import type { SamplerName } from '../../domain/ports/studies.port.js';
import { SeededRandom } from './seeded-random.js';
import { assignment, type PlannedTrial, type SearchSpace } from './search-space.js';
import { TpeSampler, type AdaptiveSampler } from './tpe-sampler.js';

export type { PlannedTrial } from './search-space.js';

export type { SamplerName } from '../../domain/ports/studies.port.js';

/**
 * Every combination, in a fixed order: as nested loops over the parameters in the order they
 * are declared, the first outermost, each from its first value to its last. Refuses a grid of
 * more than `limit` combinations.
 */
export function* gridTrials(space: SearchSpace, limit: number): Generator<PlannedTrial> {
  if (space.size > limit) throw new RangeError(`the grid has ${space.size} combinations, more than the ${limit} trials allowed; narrow the ranges, use larger steps or raise --trials`);
  const indices = space.values.map(() => 0);
  for (let index = 0; index < space.size; index += 1) {
    yield { index, values: assignment(space, indices) };
    // the last parameter moves fastest, like the innermost loop
    for (let p = indices.length - 1; p >= 0; p -= 1) {
      indices[p]! += 1;
      if (indices[p]! < space.values[p]!.length) break;
      indices[p] = 0;
    }
  }
}

/**
 * `count` distinct combinations drawn with the seeded generator (fewer when the space has
 * fewer): per trial, one uniform draw per parameter, in declaration order; a combination drawn
 * before is drawn again. The same seed gives the same trials.
 */
export function* randomTrials(space: SearchSpace, count: number, seed: number): Generator<PlannedTrial> {
  const random = new SeededRandom(seed);
  const seen = new Set<string>();
  const wanted = Math.min(count, space.size);
  for (let index = 0; index < wanted; ) {
    const indices = space.values.map((values) => random.below(values.length));
    const key = indices.join(',');
    if (seen.has(key)) continue;
    seen.add(key);
    yield { index, values: assignment(space, indices) };
    index += 1;
  }
}

/** The trials of a study: `trials` is the budget (random draws that many; grid refuses a larger grid). */
export function plannedTrials(space: SearchSpace, sampler: Exclude<SamplerName, 'tpe'>, trials: number, seed: number): PlannedTrial[] {
  return [...(sampler === 'grid' ? gridTrials(space, trials) : randomTrials(space, trials, seed))];
}

/** What a study runs: the planned trials, or for tpe the sampler that proposes them as results come in. */
export function studyTrials(space: SearchSpace, sampler: SamplerName, trials: number, seed: number, startupTrials?: number): readonly PlannedTrial[] | AdaptiveSampler {
  if (sampler === 'tpe') return new TpeSampler(space, trials, seed, startupTrials === undefined ? {} : { startupTrials });
  return plannedTrials(space, sampler, trials, seed);
}
