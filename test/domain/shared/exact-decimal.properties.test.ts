import Big from 'big.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal, type RoundingMode } from '../../../src/domain/shared/exact-decimal.js';
import { form } from '../../support/decimal-form.js';

// The reference: big.js with the settings dealbot has always used. Every operation of Decimal
// must give the same text as big.js on the same inputs, whichever form (short or big) it takes.
const R = Big();
R.DP = 40;
R.RM = Big.roundHalfEven;
R.NE = -60;
R.PE = 60;

/** coefficient x 10^-scale as text: short money values, values right at 2^53, and long ones. */
const coefficient = fc.oneof(
  fc.bigInt({ min: 0n, max: 10n ** 9n }),
  fc.bigInt({ min: 2n ** 53n - 1000n, max: 2n ** 53n + 1000n }),
  fc.bigInt({ min: 0n, max: 10n ** 16n }),
  fc.bigInt({ min: 0n, max: 10n ** 30n }),
);
const text = fc
  .tuple(coefficient, fc.integer({ min: -6, max: 30 }), fc.boolean())
  .map(([c, scale, negative]) => `${negative && c > 0n ? '-' : ''}${c}e${-scale}`);
const MODES: readonly RoundingMode[] = [0, 1, 2, 3];

/** The reference's text, and the canonical form a Decimal of that text must have. */
function same(actual: Decimal, reference: Big): void {
  expect(actual.toString()).toBe(reference.toString());
  expect(form(actual)).toEqual(form(Decimal.parse(reference.toString())));
}

describe('Decimal gives big.js results digit for digit (property)', () => {
  it('parses to one form per value, and prints what big.js prints', () => {
    fc.assert(
      fc.property(text, (t) => {
        const value = Decimal.parse(t);
        expect(value.toString()).toBe(new R(t).toString());
        expect(form(Decimal.parse(value.toString()))).toEqual(form(value));
        expect(form(value)[0] !== 'big').toBe(fitsShort(new R(t)));
        expect(value.toNumber()).toBe(Number(new R(t).toString()));
        expect(JSON.stringify({ value })).toBe(JSON.stringify({ value: new R(t) }));
      }),
      { numRuns: 4000 },
    );
  });

  it('plus, minus, times, div and cmp', () => {
    fc.assert(
      fc.property(text, text, (a, b) => {
        const x = Decimal.parse(a);
        const y = Decimal.parse(b);
        const [p, q] = [new R(a), new R(b)];
        same(x.plus(y), p.plus(q));
        same(x.minus(y), p.minus(q));
        same(x.times(y), p.times(q));
        if (!q.eq(0)) same(x.div(y), p.div(q));
        expect(x.cmp(y)).toBe(p.cmp(q));
        expect([x.eq(y), x.lt(y), x.lte(y), x.gt(y), x.gte(y)]).toEqual([p.eq(q), p.lt(q), p.lte(q), p.gt(q), p.gte(q)]);
      }),
      { numRuns: 4000 },
    );
  });

  it('round in every mode, to any places, and abs and neg', () => {
    fc.assert(
      fc.property(text, fc.integer({ min: -4, max: 30 }), fc.constantFrom(...MODES), (t, places, mode) => {
        const x = Decimal.parse(t);
        same(x.round(places, mode), new R(t).round(places, mode));
        same(x.abs(), new R(t).abs());
        same(x.neg(), new R(t).neg());
        expect(x.toFixed(Math.max(0, places))).toBe(new R(t).toFixed(Math.max(0, places)));
      }),
      { numRuns: 4000 },
    );
  });

  it('a number is the decimal its shortest text reads (String), whether found with or without the text', () => {
    const money = fc.tuple(fc.integer({ min: -(10 ** 12), max: 10 ** 12 }), fc.integer({ min: 0, max: 14 })).map(([m, k]) => m / 10 ** k);
    fc.assert(
      fc.property(fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), money, fc.double({ min: -1e6, max: 1e6, noNaN: true })), (x) => {
        const value = Decimal.of(x);
        expect(form(value)).toEqual(form(Decimal.parse(new R(x).toString())));
        expect(value.toString()).toBe(new R(x).toString());
      }),
      { numRuns: 20000 },
    );
  });

  it('takes numbers and text as operands, as big.js does', () => {
    const x = Decimal.parse('100.25');
    expect(x.plus(0.1).toString()).toBe('100.35');
    expect(x.minus('0.25').toString()).toBe('100');
    expect(x.gt(100)).toBe(true);
    expect(Decimal.of(0.1).plus(0.2).toString()).toBe('0.3');
    expect(Decimal.of(-0)).toEqual(Decimal.ZERO);
    expect(Decimal.of(1e-7).toString()).toBe('0.0000001');
    expect(() => Decimal.of(Number.NaN)).toThrow(RangeError);
    expect(() => x.div(0)).toThrow();
  });
});

/** A value is held short when it is a whole number below 2^53 over 10^k, k <= 22. */
function fitsShort(value: Big): boolean {
  if (value.c[0] === 0) return true;
  const decimals = Math.max(0, value.c.length - value.e - 1);
  if (decimals > 22) return false;
  return BigInt(value.abs().times(new R(10).pow(decimals)).toFixed(0)) <= BigInt(Number.MAX_SAFE_INTEGER);
}
