import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dec, isMultipleOfStep, roundDownQuotientToStep, sign, ZERO, roundDownToStep, roundUpToStep, type Decimal } from '../../../src/domain/shared/decimal.js';

// The straightforward definitions: divide to DP (40) places, round to a whole number, times step.
const downByDefinition = (value: Decimal, step: Decimal): Decimal => (step.lte(0) ? value : value.div(step).round(0, 0).times(step));
const upByDefinition = (value: Decimal, step: Decimal): Decimal => (step.lte(0) ? value : value.div(step).round(0, 3).times(step));

/** Same value in the same form and the same text: nothing downstream can tell the two apart. */
function same(actual: Decimal, expected: Decimal): void {
  expect(actual).toEqual(expected);
  expect(actual.toString()).toBe(expected.toString());
}

/** coefficient x 10^-scale, as text (exact). */
const decimalText = fc
  .tuple(fc.bigInt({ min: 0n, max: 10n ** 30n }), fc.integer({ min: -5, max: 60 }), fc.boolean())
  .map(([coefficient, scale, negative]) => `${negative && coefficient > 0n ? '-' : ''}${coefficient}e${-scale}`);
const anyDecimal = decimalText.map((text) => dec(text));
const STEPS = ['0.25', '5', '0.00001', '0.01', '1', '10', '100', '3', '7', '0.3', '0.5', '2.5', '1e-40', '1e-41', '1e-45', '0.123456789', '3e-39', '7e-50', '0', '-0.01', '123456789.987654321'];
const step = fc.oneof(fc.constantFrom(...STEPS).map((s) => dec(s)), anyDecimal);
/** Values right next to a multiple of the step: n x step +- 10^-m, where 40 places start to matter. */
const nearMultiple = fc
  .tuple(step, fc.bigInt({ min: 1n, max: 10n ** 12n }), fc.integer({ min: 30, max: 60 }), fc.constantFrom(-1, 1, -5, 5))
  .map(([s, n, m, off]) => ({ step: s, value: s.times(dec(n.toString())).plus(dec(`${off}e-${m}`)) }));

describe('step rounding matches its definition for every input (property)', () => {
  it('roundDownToStep and roundUpToStep on any decimals and steps', () => {
    fc.assert(
      fc.property(anyDecimal, step, (value, s) => {
        same(roundDownToStep(value, s), downByDefinition(value, s));
        same(roundUpToStep(value, s), upByDefinition(value, s));
      }),
      { numRuns: 3000 },
    );
  });

  it('roundDownToStep and roundUpToStep right next to a multiple of the step', () => {
    fc.assert(
      fc.property(nearMultiple, ({ value, step: s }) => {
        same(roundDownToStep(value, s), downByDefinition(value, s));
        same(roundUpToStep(value, s), upByDefinition(value, s));
      }),
      { numRuns: 3000 },
    );
  });

  it('roundDownQuotientToStep is roundDownToStep of the 40-place quotient', () => {
    const divisor = fc.oneof(fc.constantFrom('43.21', '0.07', '3', '7', '60123.45', '1e-30', '9.99999999999999999999').map((s) => dec(s)), anyDecimal);
    fc.assert(
      fc.property(anyDecimal, divisor, step, (dividend, d, s) => {
        fc.pre(!d.eq(0));
        same(roundDownQuotientToStep(dividend, d, s), downByDefinition(dividend.div(d), s));
      }),
      { numRuns: 3000 },
    );
  });

  it('roundDownQuotientToStep right next to a whole number of steps', () => {
    fc.assert(
      fc.property(nearMultiple, fc.constantFrom('43.21', '0.07', '3', '7', '1', '0.5', '1e-20').map((s) => dec(s)), ({ value, step: s }, d) => {
        const dividend = value.times(d);
        same(roundDownQuotientToStep(dividend, d, s), downByDefinition(dividend.div(d), s));
      }),
      { numRuns: 3000 },
    );
  });

  it('isMultipleOfStep is value.mod(step).eq(0), on any decimals and near multiples', () => {
    const byDefinition = (value: Decimal, s: Decimal): boolean => s.lte(0) || value.mod(s).eq(0);
    fc.assert(
      fc.property(anyDecimal, step, (value, s) => {
        expect(isMultipleOfStep(value, s)).toBe(byDefinition(value, s));
        const multiple = value.times(s);
        expect(isMultipleOfStep(multiple, s)).toBe(byDefinition(multiple, s));
        expect(isMultipleOfStep(value.round(0), s)).toBe(byDefinition(value.round(0), s));
      }),
      { numRuns: 3000 },
    );
    fc.assert(
      fc.property(nearMultiple, ({ value, step: s }) => {
        expect(isMultipleOfStep(value, s)).toBe(byDefinition(value, s));
      }),
    );
    for (const [v, s, multiple] of [['120', '10', true], ['125', '10', false], ['0', '100', true], ['-0.03', '0.01', true], ['1e61', '1e60', true], ['0.001', '0.01', false]] as const) {
      expect(isMultipleOfStep(dec(v), dec(s))).toBe(multiple);
    }
  });

  it('sign is value.cmp(ZERO), zeros of either sign included', () => {
    fc.assert(
      fc.property(anyDecimal, (value) => {
        expect(sign(value)).toBe(value.cmp(ZERO));
      }),
      { numRuns: 2000 },
    );
    expect([sign(dec('-0')), sign(dec('0')), sign(dec('-1e-70')), sign(dec('1e70'))]).toEqual([0, 0, -1, 1]);
  });

  it('known corners', () => {
    const cases: [string, string][] = [
      ['2.' + '9'.repeat(45), '1'],
      ['2.' + '9'.repeat(39) + '5', '1'],
      ['2.' + '0'.repeat(39) + '5', '1'],
      ['2.' + '0'.repeat(45) + '1', '1'],
      ['0', '0.01'],
      ['-0', '0.01'],
      ['-3.7', '0.25'],
      ['0.0000001', '0.01'],
      ['12', '5'],
    ];
    for (const [v, s] of cases) {
      same(roundDownToStep(dec(v), dec(s)), downByDefinition(dec(v), dec(s)));
      same(roundUpToStep(dec(v), dec(s)), upByDefinition(dec(v), dec(s)));
    }
    same(roundDownQuotientToStep(dec('100'), dec('3'), dec('1e-40')), downByDefinition(dec('100').div(dec('3')), dec('1e-40')));
    same(roundDownQuotientToStep(dec('100'), dec('43.21'), dec('0.00001')), dec('2.31427'));
  });
});
