import fc from 'fast-check';
import { expect, it } from 'vitest';
import { dec } from '../../../src/domain/shared/decimal.js';
import { num } from './sim-wire.js';

it('writes a number with 8 decimals exactly as Decimal does, fast where its shortest text has at most 8 decimals', () => {
  for (const value of [0, 1, -1, 100, 0.1, 0.12345678, 0.123456785, 1e-7, 1.5e-9, 123456789.12, 1e21, 2 ** 53 + 2, -0.00000001, 99.99999999]) {
    expect(num(value)).toBe(dec(value).toFixed(8));
  }
  fc.assert(
    fc.property(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 }), (value) => num(value) === dec(value).toFixed(8)),
    { numRuns: 20_000 },
  );
  fc.assert(
    fc.property(fc.integer({ min: -1e9, max: 1e9 }), fc.integer({ min: 0, max: 10 }), (units, places) => {
      const value = units / 10 ** places;
      return num(value) === dec(value).toFixed(8);
    }),
    { numRuns: 20_000 },
  );
});
