import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dec } from '../../../../src/domain/shared/decimal.js';
import { decimal, signedDecimal } from '../../../../src/infrastructure/events/contract/fields.schema.js';

/** Any exact decimal the domain can hold: a whole coefficient and 0..40 places (the events write them with toString). */
const anyDecimal = fc.tuple(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), fc.integer({ min: 0, max: 40 })).map(([m, k]) => dec(`${m}e-${k}`));

describe('the contract reads every decimal text the domain writes', () => {
  it('signedDecimal takes every value; decimal takes exactly the ones >= 0', () => {
    fc.assert(
      fc.property(anyDecimal, (value) => {
        const text = value.toString();
        expect(signedDecimal.safeParse(text).success, text).toBe(true);
        expect(decimal.safeParse(text).success, text).toBe(value.sign() >= 0);
      }),
    );
  });
});
