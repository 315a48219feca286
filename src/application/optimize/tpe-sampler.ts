import { choiceEstimator, orderedEstimator, type ParzenEstimator } from './parzen.js';
import { assignment, type PlannedTrial, type SearchSpace } from './search-space.js';
import { SeededRandom } from './seeded-random.js';

/** A finished trial as a sampler sees it: its number, its values and its score (-Infinity when failed). */
export interface FinishedTrial {
  readonly index: number;
  readonly score: number;
  readonly values: PlannedTrial['values'];
}

/**
 * A sampler that decides a trial from earlier results. Trial k is proposed from the results of
 * trials 0 .. k - lag - 1 only, so what it proposes depends on the seed, not on how many trials
 * ran at once or which finished first; the study waits for those results before proposing k.
 */
export interface AdaptiveSampler {
  readonly planned: number;
  readonly lag: number;
  /** Trial `index`, from `finished`: the trials 0 .. index - lag - 1, by index. Called in index order. */
  propose(index: number, finished: readonly FinishedTrial[]): PlannedTrial;
}

export interface TpeOptions {
  /** Trials drawn at random before the model is used (default 10). */
  readonly startupTrials?: number;
  /** Draws from l(x) per parameter, of which the one with the highest l(x) / g(x) is taken (default 24). */
  readonly candidates?: number;
  /** Trial k sees the results of trials 0 .. k - lag - 1 (default 4), whatever the number of workers. */
  readonly lag?: number;
}

export const TPE_DEFAULTS = { startupTrials: 10, candidates: 24, lag: 4 } as const;

/** How many of n finished trials count as good: ceil(0.1 n), at most 25, at least 1. */
export function goodCount(n: number): number {
  return Math.max(1, Math.min(25, Math.ceil(0.1 * n)));
}

/**
 * Tree-structured Parzen Estimator (Bergstra et al., NeurIPS 2011), per parameter independently,
 * on each parameter's grid indices. The first `startupTrials` trials are the random sampler's
 * draws for the same seed. After that, the finished trials are ranked by score (higher first,
 * the lower index among equals, failed trials last) and split: the best goodCount(n) are good.
 * Per parameter, l fits the good trials' values and g the others' (parzen.ts); `candidates` draws
 * from l are scored by l(x) / g(x) and the highest (the first drawn among equals) is taken.
 * A combination proposed before is replaced by uniform draws until a new one comes, as the random
 * sampler does; at most min(trials, size) trials are proposed.
 */
export class TpeSampler implements AdaptiveSampler {
  readonly planned: number;
  readonly lag: number;
  readonly #space: SearchSpace;
  readonly #random: SeededRandom;
  readonly #startup: number;
  readonly #candidates: number;
  readonly #seen = new Set<string>();
  /** Each parameter's value -> grid index, to read finished trials back onto the grid. */
  readonly #indexOf: readonly Map<unknown, number>[];

  constructor(space: SearchSpace, trials: number, seed: number, options: TpeOptions = {}) {
    this.#space = space;
    this.#random = new SeededRandom(seed);
    this.planned = Math.min(trials, space.size);
    this.#startup = options.startupTrials ?? TPE_DEFAULTS.startupTrials;
    this.#candidates = options.candidates ?? TPE_DEFAULTS.candidates;
    this.lag = options.lag ?? TPE_DEFAULTS.lag;
    if (!Number.isSafeInteger(this.lag) || this.lag < 0) throw new RangeError(`lag must be a whole number >= 0, got ${this.lag}`);
    if (!Number.isSafeInteger(this.#candidates) || this.#candidates < 1) throw new RangeError(`candidates must be a whole number >= 1, got ${this.#candidates}`);
    this.#indexOf = space.values.map((values) => new Map(values.map((v, j) => [v, j])));
  }

  propose(index: number, finished: readonly FinishedTrial[]): PlannedTrial {
    if (index >= this.planned) throw new RangeError(`trial ${index} is past the ${this.planned} planned`);
    let indices = index >= this.#startup && finished.length >= 2 ? this.#modelled(finished) : this.#uniform();
    while (this.#seen.has(indices.join(','))) indices = this.#uniform();
    this.#seen.add(indices.join(','));
    return { index, values: assignment(this.#space, indices) };
  }

  #uniform(): number[] {
    return this.#space.values.map((values) => this.#random.below(values.length));
  }

  #modelled(finished: readonly FinishedTrial[]): number[] {
    const ranked = [...finished].sort((a, b) => rank(b.score) - rank(a.score) || a.index - b.index);
    const good = ranked.slice(0, goodCount(ranked.length));
    const bad = ranked.slice(good.length);
    return this.#space.params.map((param, p) => {
      const size = this.#space.values[p]!.length;
      if (size === 1) return 0;
      const gridIndices = (trials: readonly FinishedTrial[]): number[] => trials.map((t) => this.#indexOf[p]!.get(t.values[param.path])!);
      const fit = param.kind === 'choice' ? choiceEstimator : orderedEstimator;
      const l: ParzenEstimator = fit(gridIndices(good), size);
      const g: ParzenEstimator = fit(gridIndices(bad), size);
      let best = -1;
      let bestRatio = Number.NEGATIVE_INFINITY;
      for (let c = 0; c < this.#candidates; c += 1) {
        const j = l.draw(this.#random);
        const ratio = Math.log(l.probability(j)) - Math.log(g.probability(j));
        if (ratio > bestRatio) {
          best = j;
          bestRatio = ratio;
        }
      }
      return best;
    });
  }
}

/** A score for ranking: failed and -Infinity trials below every finite one, NaN as failed. */
function rank(score: number): number {
  return Number.isNaN(score) ? Number.NEGATIVE_INFINITY : score;
}
