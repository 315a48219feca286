import { expect } from 'vitest';
import { Decimal } from '../../src/domain/shared/exact-decimal.js';

/**
 * Decimal keeps its digits in private fields, which toEqual cannot see: without this, any two
 * Decimals would be "equal". Two Decimals are equal when their values are; a Decimal never
 * equals anything else.
 */
function decimalsEqual(a: unknown, b: unknown): boolean | undefined {
  const left = a instanceof Decimal;
  const right = b instanceof Decimal;
  if (left && right) return a.eq(b);
  return left || right ? false : undefined;
}

expect.addEqualityTesters([decimalsEqual]);
