import { dec, ONE, type Decimal, type DecimalInput } from './decimal.js';
import { ValidationError } from './domain-error.js';

// Checks of a settings field that holds a decimal, refused with the field's name.

export function decimalField(field: string, value: DecimalInput): Decimal {
  try {
    return dec(value);
  } catch {
    throw new ValidationError(field, `must be a decimal number, got ${String(value)}`);
  }
}

export function positiveField(field: string, value: DecimalInput): Decimal {
  const parsed = decimalField(field, value);
  if (parsed.lte(0)) throw new ValidationError(field, `must be > 0, got ${parsed.toString()}`);
  return parsed;
}

/** A fraction strictly between 0 and 1; `example` shows one (e.g. "0.05 is 5%"). */
export function fractionField(field: string, value: DecimalInput, example: string): Decimal {
  const parsed = decimalField(field, value);
  if (parsed.lte(0) || parsed.gte(ONE)) throw new ValidationError(field, `must be > 0 and < 1 (${example}), got ${parsed.toString()}`);
  return parsed;
}
