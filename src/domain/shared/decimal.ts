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
export const ONE: Decimal = new D(1);

/** Largest multiple of step that is <= value (for amounts: never spend more than allowed). */
export function roundDownToStep(value: Decimal, step: Decimal): Decimal {
  if (step.lte(0)) return value;
  return value.div(step).round(0, Big.roundDown).times(step);
}

/** Smallest multiple of step that is >= value (for sell targets: never sell below the markup). */
export function roundUpToStep(value: Decimal, step: Decimal): Decimal {
  if (step.lte(0)) return value;
  return value.div(step).round(0, Big.roundUp).times(step);
}

export function maxDecimal(a: Decimal, b: Decimal): Decimal {
  return a.gte(b) ? a : b;
}

export function sumDecimals(values: Iterable<Decimal>): Decimal {
  let total = ZERO;
  for (const v of values) total = total.plus(v);
  return total;
}
