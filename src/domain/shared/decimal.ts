import { Decimal, ROUND_DOWN, ROUND_UP, type DecimalInput, type RoundingMode } from './exact-decimal.js';
import { isSafe, SAFE } from './scaled-integer.js';

/**
 * Exact decimal money. Prices, amounts, fees and PnL are never floats in the domain: they are
 * Decimals (exact-decimal.ts), values no one changes.
 */
export { Decimal, type DecimalInput } from './exact-decimal.js';

/** Builds a Decimal; numbers go through their shortest round-trip text, so 0.1 stays 0.1. */
export function dec(value: DecimalInput): Decimal {
  return typeof value === 'string' ? Decimal.parse(value.trim(), value) : Decimal.of(value);
}

export const ZERO: Decimal = Decimal.ZERO;

/** -1, 0 or 1 as value is below, at or above zero: what value.cmp(ZERO) answers. */
export function sign(value: Decimal): -1 | 0 | 1 {
  return value.sign();
}

export const ONE: Decimal = dec(1);

const DP = 40;
const isPositive = (x: Decimal): boolean => x.sign() > 0;

/** 10^k as a bigint; the small ones are kept. */
const POWERS_OF_TEN: bigint[] = [];
const powerOfTen = (k: number): bigint => (k < 64 ? (POWERS_OF_TEN[k] ??= 10n ** BigInt(k)) : 10n ** BigInt(k));

/**
 * The whole part of a / b (both > 0), or the next whole number up when `up` and a / b is not
 * whole: exact integer arithmetic on the coefficients (bigint), no rounding anywhere.
 */
function wholeQuotient(a: Decimal, b: Decimal, up: boolean): bigint {
  const shift = a.lowExponent() - b.lowExponent();
  let n = a.coefficient();
  let d = b.coefficient();
  if (shift >= 0) n *= powerOfTen(shift);
  else d *= powerOfTen(-shift);
  const q = n / d;
  return up && q * d !== n ? q + 1n : q;
}

/** `whole` steps, as a Decimal: step.times(whole). */
const steps = (whole: bigint, step: Decimal): Decimal => Decimal.parse(`${whole * step.coefficient()}e${step.lowExponent()}`);

/**
 * Short value and step (both whole numbers below 2^53 at a common scale): the exact whole
 * quotient, by integer arithmetic on doubles. It is the definition's: a quotient v / s that is
 * not whole lies at least 1 / s > 1e-16 from a whole number, far beyond the 0.5e-40 of the
 * 40-place division. Toward zero, or away from it when `up`.
 */
function shortToStep(value: Decimal, step: Decimal, up: boolean): Decimal | null {
  const scale = Math.max(value.decimals(), step.decimals());
  const a = value.wholeAtScale(scale);
  const b = step.wholeAtScale(scale);
  if (Number.isNaN(a) || Number.isNaN(b)) return null;
  const rest = a % b;
  let kept = a - rest;
  if (up && rest !== 0) kept += a < 0 ? -b : b;
  return isSafe(kept) ? Decimal.scaled(kept, scale) : null;
}

/**
 * The definition is `value / step` to DP (40) places, then to a whole number, times step. The
 * 40-place long division is slow; these paths give the same result for every input, and
 * everything they cannot prove goes through the definition:
 * - short value and step: shortToStep;
 * - a power-of-ten step 10^-k divides exactly when value has at most 40 + k decimals, so the
 *   result is value rounded to k places;
 * - otherwise the exact whole quotient (integer arithmetic) equals the definition's unless the
 *   quotient lies within 0.5e-40 of a whole number without being one. Its remainder is a
 *   multiple of 10^-d (d = the decimals of value or step), so it lies at least 10^-d / step
 *   away, which exceeds 0.5e-40 when d + exponent(step) <= 39.
 */
function toStep(value: Decimal, step: Decimal, rm: RoundingMode): Decimal | null {
  const short = shortToStep(value, step, rm === ROUND_UP);
  if (short !== null) return short;
  if (!isPositive(value)) return null;
  const decimals = value.decimals();
  const e = step.exponent();
  if (step.isPowerOfTen()) return decimals <= 40 - e ? value.round(-e, rm) : null;
  if (!isPositive(step) || Math.max(decimals, step.decimals()) + e > 39) return null;
  return steps(wholeQuotient(value, step, rm === ROUND_UP), step);
}

/** Largest multiple of step that is <= value (for amounts: never spend more than allowed). */
export function roundDownToStep(value: Decimal, step: Decimal): Decimal {
  if (sign(step) <= 0) return value;
  return toStep(value, step, ROUND_DOWN) ?? value.div(step).round(0, ROUND_DOWN).times(step);
}

/** Smallest multiple of step that is >= value (for sell targets: never sell below the markup). */
export function roundUpToStep(value: Decimal, step: Decimal): Decimal {
  if (sign(step) <= 0) return value;
  return toStep(value, step, ROUND_UP) ?? value.div(step).round(0, ROUND_UP).times(step);
}

/**
 * `roundDownToStep(dividend.div(divisor), step)` (e.g. a quote amount over a price, to the amount
 * step), the same for every input, with one exact integer division instead of two to 40 places. The
 * definition rounds twice to 40 places, so it lies within 0.5e-40 x (1 + 1 / step) of the exact
 * quotient q = dividend / (divisor x step); whole parts agree when q is whole (with a step of at
 * most 40 decimals, both divisions are then exact) or lies farther than that from a whole number.
 * The remainder of q is a multiple of 10^-d (d = decimals of dividend or divisor x step), so q
 * lies at least 10^-d / (divisor x step) away, enough when d + exponent(max(divisor x step, divisor)) <= 39.
 * Short numbers (below 2^53 at a common scale, a step of at most 22 decimals) take doubles: a q
 * that is not whole lies at least 1 / (divisor x step) > 1e-16 away, beyond 0.5e-40 x (1 + 1e22).
 */
export function roundDownQuotientToStep(dividend: Decimal, divisor: Decimal, step: Decimal): Decimal {
  if (isPositive(dividend) && isPositive(divisor) && isPositive(step) && step.decimals() <= 40) {
    const unit = divisor.times(step);
    const scale = Math.max(dividend.decimals(), unit.decimals());
    const a = dividend.wholeAtScale(scale);
    const b = unit.wholeAtScale(scale);
    const stepWhole = step.wholeAtScale(step.decimals());
    if (!Number.isNaN(a) && !Number.isNaN(b) && !Number.isNaN(stepWhole)) {
      const kept = ((a - (a % b)) / b) * stepWhole;
      if (kept <= SAFE) return Decimal.scaled(kept, step.decimals());
    }
    if (Math.max(dividend.decimals(), unit.decimals()) + Math.max(unit.exponent(), divisor.exponent()) <= 39) return steps(wholeQuotient(dividend, unit, false), step);
  }
  return roundDownToStep(dividend.div(divisor), step);
}

/**
 * True when value is a whole number of steps (always, for a step <= 0): `value.mod(step).eq(0)`.
 * Short numbers take doubles; a power-of-ten step needs no division: value = digits x 10^(e - digits + 1)
 * is a multiple of 10^k exactly when e - digits + 1 >= k, or when it is zero.
 */
export function isMultipleOfStep(value: Decimal, step: Decimal): boolean {
  if (sign(step) <= 0) return true;
  const scale = Math.max(value.decimals(), step.decimals());
  const a = value.wholeAtScale(scale);
  const b = step.wholeAtScale(scale);
  if (!Number.isNaN(a) && !Number.isNaN(b)) return a % b === 0;
  if (step.isPowerOfTen()) return sign(value) === 0 || value.lowExponent() >= step.exponent();
  return value.mod(step).eq(0);
}

/**
 * True when a division whose exact quotient is `value` returns it as it is: > 0, with at most
 * DP decimals (division keeps DP places and stops once exact).
 */
export function returnedByDivision(value: Decimal): boolean {
  return isPositive(value) && value.decimals() <= DP;
}

export function maxDecimal(a: Decimal, b: Decimal): Decimal {
  return a.gte(b) ? a : b;
}

export function sumDecimals(values: Iterable<Decimal>): Decimal {
  let total = ZERO;
  for (const v of values) total = total.plus(v);
  return total;
}
