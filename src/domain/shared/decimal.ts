import Big from 'big.js';

/**
 * Exact decimal money. Prices, amounts, fees and PnL are never floats in the domain.
 * A private constructor keeps dealbot's settings apart from any other user of big.js.
 */
const D = Big();
D.DP = 40; // decimal places kept by div
D.RM = Big.roundHalfEven;
D.NE = -60; // toString never switches to exponent notation for realistic values
D.PE = 60;

export type Decimal = Big;
export type DecimalInput = string | number | Big;

const DECIMAL_TEXT = /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/;

/** Builds a Decimal; numbers go through their shortest round-trip text, so 0.1 stays 0.1. */
export function dec(value: DecimalInput): Decimal {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
    return new D(value);
  }
  if (typeof value === 'string') {
    const text = value.trim();
    if (!DECIMAL_TEXT.test(text)) throw new RangeError(`not a decimal number: "${value}"`);
    return new D(text);
  }
  return value;
}

/** A fresh instance with the same value (big.js instances are mutable inside). */
export function copyDecimal(value: Decimal): Decimal {
  return new D(value);
}

export const ZERO: Decimal = new D(0);

/** -1, 0 or 1 as value is below, at or above zero: what value.cmp(ZERO) answers, read off its sign and digits. */
export function sign(value: Decimal): -1 | 0 | 1 {
  return value.c[0] === 0 ? 0 : value.s < 0 ? -1 : 1;
}

export const ONE: Decimal = new D(1);

/** Digits after the point (big.js keeps no trailing zeros). */
const decimalsOf = (x: Decimal): number => Math.max(0, x.c.length - x.e - 1);
/** A Decimal of this module (its own DP and RM apply to its division) that is > 0. */
const isPositive = (x: Decimal): boolean => x.s > 0 && x.c[0] !== 0 && (x as { constructor: unknown }).constructor === D;
/** 1, 10, 0.1, 0.00001, ...: a power-of-ten step. */
const isPowerOfTen = (x: Decimal): boolean => x.c.length === 1 && x.c[0] === 1;
/** x = coefficient(x) x 10^lowExponent(x), with a whole coefficient. */
const coefficient = (x: Decimal): bigint => BigInt(x.c.join(''));
const lowExponent = (x: Decimal): number => x.e - x.c.length + 1;

/** 10^k as a bigint; the small ones are kept. */
const POWERS_OF_TEN: bigint[] = [];
const powerOfTen = (k: number): bigint => (k < 64 ? (POWERS_OF_TEN[k] ??= 10n ** BigInt(k)) : 10n ** BigInt(k));

/**
 * The whole part of a / b (both > 0), or the next whole number up when `up` and a / b is not
 * whole: exact integer arithmetic on the coefficients (bigint), no rounding anywhere.
 */
function wholeQuotient(a: Decimal, b: Decimal, up: boolean): bigint {
  const shift = lowExponent(a) - lowExponent(b);
  let n = coefficient(a);
  let d = coefficient(b);
  if (shift >= 0) n *= powerOfTen(shift);
  else d *= powerOfTen(-shift);
  const q = n / d;
  return up && q * d !== n ? q + 1n : q;
}

/** `whole` steps, as a Decimal: the same digits, exponent and sign as step.times(whole). */
const steps = (whole: bigint, step: Decimal): Decimal => new D(`${whole * coefficient(step)}e${lowExponent(step)}`);

/**
 * The definition is `value / step` to DP (40) places, then to a whole number, times step. The
 * 40-place long division is slow; these paths give the same result for every input, and
 * everything they cannot prove goes through the definition:
 * - a power-of-ten step 10^-k divides exactly when value has at most 40 + k decimals, so the
 *   result is value rounded to k places;
 * - otherwise the exact whole quotient (integer arithmetic) equals the definition's unless the
 *   quotient lies within 0.5e-40 of a whole number without being one. Its remainder is a
 *   multiple of 10^-d (d = the decimals of value or step), so it lies at least 10^-d / step
 *   away, which exceeds 0.5e-40 when d + exponent(step) <= 39.
 */
function toStep(value: Decimal, step: Decimal, rm: Big.RoundingMode): Decimal | null {
  if (!isPositive(value)) return null;
  const decimals = decimalsOf(value);
  if (isPowerOfTen(step)) return decimals <= 40 - step.e ? value.round(-step.e, rm) : null;
  if (!isPositive(step) || Math.max(decimals, decimalsOf(step)) + step.e > 39) return null;
  return steps(wholeQuotient(value, step, rm === Big.roundUp), step);
}

/** Largest multiple of step that is <= value (for amounts: never spend more than allowed). */
export function roundDownToStep(value: Decimal, step: Decimal): Decimal {
  if (sign(step) <= 0) return value;
  return toStep(value, step, Big.roundDown) ?? value.div(step).round(0, Big.roundDown).times(step);
}

/** Smallest multiple of step that is >= value (for sell targets: never sell below the markup). */
export function roundUpToStep(value: Decimal, step: Decimal): Decimal {
  if (sign(step) <= 0) return value;
  return toStep(value, step, Big.roundUp) ?? value.div(step).round(0, Big.roundUp).times(step);
}

/**
 * `roundDownToStep(dividend.div(divisor), step)` (e.g. a quote amount over a price, to the amount
 * step), the same for every input, with one exact integer division instead of two to 40 places. The
 * definition rounds twice to 40 places, so it lies within 0.5e-40 x (1 + 1 / step) of the exact
 * quotient q = dividend / (divisor x step); whole parts agree when q is whole (with a step of at
 * most 40 decimals, both divisions are then exact) or lies farther than that from a whole number.
 * The remainder of q is a multiple of 10^-d (d = decimals of dividend or divisor x step), so q
 * lies at least 10^-d / (divisor x step) away, enough when d + exponent(max(divisor x step, divisor)) <= 39.
 */
export function roundDownQuotientToStep(dividend: Decimal, divisor: Decimal, step: Decimal): Decimal {
  if (isPositive(dividend) && isPositive(divisor) && isPositive(step) && decimalsOf(step) <= 40) {
    const unit = divisor.times(step);
    if (Math.max(decimalsOf(dividend), decimalsOf(unit)) + Math.max(unit.e, divisor.e) <= 39) return steps(wholeQuotient(dividend, unit, false), step);
  }
  return roundDownToStep(dividend.div(divisor), step);
}

/**
 * True when value is a whole number of steps (always, for a step <= 0): `value.mod(step).eq(0)`.
 * A power-of-ten step needs no division: value = digits x 10^(e - digits + 1) is a multiple
 * of 10^k exactly when e - digits + 1 >= k, or when it is zero.
 */
export function isMultipleOfStep(value: Decimal, step: Decimal): boolean {
  if (sign(step) <= 0) return true;
  if (isPowerOfTen(step)) return value.c[0] === 0 || value.e - value.c.length + 1 >= step.e;
  return value.mod(step).eq(0);
}

/**
 * True when a division whose exact quotient is `value` returns it as it is: a Decimal of this
 * module, > 0, with at most DP decimals (division keeps DP places and stops once exact).
 */
export function returnedByDivision(value: Decimal): boolean {
  return isPositive(value) && decimalsOf(value) <= D.DP;
}

export function maxDecimal(a: Decimal, b: Decimal): Decimal {
  return a.gte(b) ? a : b;
}

export function sumDecimals(values: Iterable<Decimal>): Decimal {
  let total = ZERO;
  for (const v of values) total = total.plus(v);
  return total;
}
