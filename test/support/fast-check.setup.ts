import fc from 'fast-check';

/**
 * One fast-check seed for every property of the suite, so two runs try the same cases.
 * DEALBOT_FC_SEED=<integer> replays another seed; DEALBOT_FC_SEED=random explores. fast-check
 * prints this seed (and the failing path) with any counterexample.
 */
export const DEFAULT_FC_SEED = 20_240_101;

export function fastCheckSeed(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === '') return DEFAULT_FC_SEED;
  if (raw.trim() === 'random') return (Math.random() * 0x1_0000_0000) | 0;
  const seed = Number(raw);
  if (!Number.isSafeInteger(seed)) throw new Error(`DEALBOT_FC_SEED: must be an integer or "random", got "${raw}"`);
  return seed | 0;
}

fc.configureGlobal({ ...fc.readConfigureGlobal(), seed: fastCheckSeed(process.env.DEALBOT_FC_SEED) });
