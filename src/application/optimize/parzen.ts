import type { SeededRandom } from './seeded-random.js';

/**
 * Parzen estimators over one parameter's grid of values, by index (0 .. size - 1). The TPE
 * sampler fits one to the good trials' values, l(x), and one to the others', g(x).
 *
 * Ordered (int, float, decimal): a mixture of Gaussians truncated to [-0.5, size - 0.5], one
 * per observed index plus a prior centred on the range with the range's width as its sigma,
 * all of weight 1. An observation's bandwidth is the larger distance to its neighbours in the
 * sorted observations (the range's ends count as neighbours), clipped to
 * [width / min(100, 1 + n), width] (Bergstra et al. 2011). The probability of index j is the
 * mixture's mass on [j - 0.5, j + 0.5], so draws and densities stay on the grid.
 *
 * Choice: a histogram, count of each value plus a prior of weight 1 spread evenly.
 */
export interface ParzenEstimator {
  /** The probability of index j (> 0 for every index, thanks to the prior). */
  probability(j: number): number;
  /** One index drawn from the estimator. */
  draw(random: SeededRandom): number;
}

const PRIOR_WEIGHT = 1;

/** 0.5 x erfc(x / sqrt(2)): the upper tail of the standard normal, with a relative error below 1.2e-7 everywhere (Chebyshev fit of erfc, Numerical Recipes 6.2). */
function upperTail(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * z);
  const poly = -z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const erfc = t * Math.exp(poly);
  return x >= 0 ? 0.5 * erfc : 1 - 0.5 * erfc;
}

/** The standard normal's mass on [a, b], computed on the side that keeps its digits. */
function normalMass(a: number, b: number): number {
  if (a >= 0) return upperTail(a) - upperTail(b);
  if (b <= 0) return upperTail(-b) - upperTail(-a);
  return 1 - upperTail(b) - upperTail(-a);
}

/** A standard normal draw (Box-Muller on two uniforms of the seeded generator). */
function gaussian(random: SeededRandom): number {
  const u1 = 1 - random.next();
  const u2 = random.next();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

export function orderedEstimator(observed: readonly number[], size: number): ParzenEstimator {
  const low = -0.5;
  const high = size - 0.5;
  const width = high - low;
  const mus = [(low + high) / 2, ...observed];
  const order = mus.map((_, i) => i).sort((a, b) => mus[a]! - mus[b]! || a - b);
  const minSigma = width / Math.min(100, 1 + observed.length);
  const sigmas = new Array<number>(mus.length);
  order.forEach((i, rank) => {
    const left = rank === 0 ? low : mus[order[rank - 1]!]!;
    const right = rank === order.length - 1 ? high : mus[order[rank + 1]!]!;
    const gap = Math.max(mus[i]! - left, right - mus[i]!);
    sigmas[i] = Math.min(width, Math.max(minSigma, gap));
  });
  sigmas[0] = width;
  const norms = mus.map((mu, i) => normalMass((low - mu) / sigmas[i]!, (high - mu) / sigmas[i]!));
  return {
    probability: (j) => {
      let sum = 0;
      for (let i = 0; i < mus.length; i += 1) {
        const sigma = sigmas[i]!;
        sum += normalMass((j - 0.5 - mus[i]!) / sigma, (j + 0.5 - mus[i]!) / sigma) / norms[i]!;
      }
      return sum / mus.length;
    },
    draw: (random) => {
      const i = random.below(mus.length);
      let x = mus[i]!;
      // the kernel's mean is inside the range, so at least about a third of the draws land in it
      for (let tries = 0; tries < 64; tries += 1) {
        const candidate = mus[i]! + sigmas[i]! * gaussian(random);
        if (candidate >= low && candidate <= high) {
          x = candidate;
          break;
        }
      }
      return Math.min(size - 1, Math.max(0, Math.round(x)));
    },
  };
}

export function choiceEstimator(observed: readonly number[], size: number): ParzenEstimator {
  const weights = new Array<number>(size).fill(PRIOR_WEIGHT / size);
  for (const j of observed) weights[j]! += 1;
  const total = observed.length + PRIOR_WEIGHT;
  return {
    probability: (j) => weights[j]! / total,
    draw: (random) => {
      let u = random.next() * total;
      for (let j = 0; j < size; j += 1) {
        u -= weights[j]!;
        if (u < 0) return j;
      }
      return size - 1;
    },
  };
}
