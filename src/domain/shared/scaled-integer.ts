/**
 * Integer arithmetic on doubles for a decimal held as a whole number m over 10^k: exact while
 * every whole number stays within 2^53, which the callers check.
 */

/** How a rounding treats what it drops: big.js's modes (down and up are toward and away from zero). */
export type RoundingMode = 0 | 1 | 2 | 3;
export const ROUND_DOWN: RoundingMode = 0;
export const ROUND_HALF_UP: RoundingMode = 1;
export const ROUND_HALF_EVEN: RoundingMode = 2;
export const ROUND_UP: RoundingMode = 3;

/** Largest integer a double holds exactly, with every integer below it. */
export const SAFE = Number.MAX_SAFE_INTEGER;
/** 10^22 is the largest power of ten a double holds exactly. */
export const MAX_SCALE = 22;
/** 10^i, exact, for i = 0..22. */
export const POW10: readonly number[] = Array.from({ length: MAX_SCALE + 1 }, (_, i) => Number(`1e${i}`));

export const isSafe = (whole: number): boolean => whole <= SAFE && whole >= -SAFE;

/** m / unit (unit a power of ten, 10..10^22) to a whole number by `mode`: exact for a safe whole m. */
export function roundedQuotient(m: number, unit: number, mode: RoundingMode): number {
  const rest = m % unit; // exact, with the sign of m
  let whole = (m - rest) / unit; // exact: a whole number, toward zero
  if (rest !== 0) {
    const twice = (rest < 0 ? -rest : rest) * 2;
    const away = mode === ROUND_UP || (mode === ROUND_HALF_UP && twice >= unit) || (mode === ROUND_HALF_EVEN && (twice > unit || (twice === unit && whole % 2 !== 0)));
    if (away) whole += m < 0 ? -1 : 1;
  }
  return whole;
}

/** 2^50: below it a whole number and its neighbours are 1/8 apart in doubles, or closer. */
const NEAR_WHOLE = 2 ** 50;

/**
 * The scale k of the decimal String(value) writes (the fewest digits that read back as value),
 * found without the text when it has 1 to 12 decimals: the smallest k for which some whole m over
 * 10^k reads back as value, that m being Math.round(value x 10^k); -1 when there is none. While
 * value x 10^k < 2^50, the decimals m / 10^k that read back as value lie within 1/8 of value x 10^k,
 * so there is at most one, and rounding the product finds it; m / 10^k (both exact) divides to the
 * double nearest to it, so the test is exact.
 */
export function shortestScaleOf(value: number): number {
  for (let k = 1; k <= 12; k += 1) {
    const unit = POW10[k] as number;
    const product = value * unit;
    if (!(product < NEAR_WHOLE && product > -NEAR_WHOLE)) return -1;
    if (Math.round(product) / unit === value) return k;
  }
  return -1;
}
