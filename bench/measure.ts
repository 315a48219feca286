import { performance } from 'node:perf_hooks';

export interface Timing {
  /** Milliseconds per run. */
  median: number;
  best: number;
  runs: number;
}

/**
 * Times each function `repeats` times after `warmUp` untimed runs. Runs are
 * interleaved (a, b, a, b, ...) so drift in machine load hits all of them alike.
 */
export function measureInterleaved(fns: (() => unknown)[], repeats = 9, warmUp = 3): Timing[] {
  const samples = fns.map(() => [] as number[]);
  for (let round = 0; round < warmUp + repeats; round++) {
    fns.forEach((fn, k) => {
      const start = performance.now();
      fn();
      const elapsed = performance.now() - start;
      if (round >= warmUp) samples[k]!.push(elapsed);
    });
  }
  return samples.map((times) => {
    const sorted = times.sort((a, b) => a - b);
    return { median: sorted[Math.floor(sorted.length / 2)]!, best: sorted[0]!, runs: sorted.length };
  });
}

/** A positive random walk of `length` prices from a fixed seed (xorshift32). */
export function syntheticCloses(length: number, seed = 42, start = 100): Float64Array {
  let state = seed >>> 0 || 1;
  const out = new Float64Array(length);
  let price = start;
  for (let i = 0; i < length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    price *= 1 + (state / 4294967296 - 0.5) * 0.01;
    out[i] = price;
  }
  return out;
}
