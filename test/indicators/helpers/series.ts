/** Deterministic pseudo-random numbers in [0, 1) from Marsaglia's xorshift32. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 4294967296;
  };
}

/** A positive random walk around `level`, with relative steps of up to `step`. */
export function randomWalk(length: number, level: number, seed: number, step = 0.01): Float64Array {
  const random = seededRandom(seed);
  const out = new Float64Array(length);
  let price = level;
  for (let i = 0; i < length; i++) {
    price *= 1 + (random() * 2 - 1) * step;
    out[i] = price;
  }
  return out;
}

/** High/low/close candles built around a random walk of closes. */
export function randomCandles(length: number, level: number, seed: number) {
  const random = seededRandom(seed + 1);
  const close = randomWalk(length, level, seed);
  const high = close.map((c) => c * (1 + random() * 0.01));
  const low = close.map((c) => c * (1 - random() * 0.01));
  return { high, low, close };
}
