import { afterEach, describe, expect, it, vi } from 'vitest';
import { dec, isMultipleOfStep, maxDecimal, returnedByDivision, roundDownQuotientToStep, roundDownToStep, roundUpToStep, sumDecimals } from '../../../src/domain/shared/decimal.js';
import { Decimal } from '../../../src/domain/shared/exact-decimal.js';

/**
 * The fast paths are promises about cost (DESIGN section 7: they run on every order and fill):
 * short values stay off big.js, and the step helpers do no 40-place division where exact integer
 * arithmetic proves the answer. The property tests prove the answers equal the definitions; these
 * prove the cheap path is the one taken. Spies only count calls; the real methods still run.
 */
function spies() {
  return { toBig: vi.spyOn(Decimal.prototype, 'toBig'), fromBig: vi.spyOn(Decimal, 'fromBig'), div: vi.spyOn(Decimal.prototype, 'div'), mod: vi.spyOn(Decimal.prototype, 'mod') };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('short decimals stay off big.js', () => {
  it('plus, minus, times, cmp, round, abs, neg, toString and toNumber of short values', () => {
    const a = dec('12345.6789');
    const b = dec('-0.000123');
    const s = spies();
    const results = [a.plus(b), a.minus(b), a.times(b), a.round(2), b.round(4, 3), a.abs(), b.abs(), a.neg(), b.neg()].map((x) => x.toString());
    expect(results).toEqual(['12345.678777', '12345.679023', '-1.5185185047', '12345.68', '-0.0002', '12345.6789', '0.000123', '-12345.6789', '0.000123']);
    expect([a.cmp(b), b.cmp(a), a.cmp(a), a.toNumber()]).toEqual([1, -1, 0, 12345.6789]);
    expect(s.toBig).not.toHaveBeenCalled();
    expect(s.fromBig).not.toHaveBeenCalled();
  });

  it('parsing short text and numbers', () => {
    const s = spies();
    expect([dec('000123.4500'), dec('1.5e1'), dec('-2E-3'), dec(0.1), dec(-42), dec(1e-12), dec(123.456)].map((x) => x.toString())).toEqual(['123.45', '15', '-0.002', '0.1', '-42', '0.000000000001', '123.456']);
    expect(s.fromBig).not.toHaveBeenCalled();
  });

  it('a sum or product past 2^53 goes to big.js and stays exact', () => {
    const big = dec('9007199254740991');
    const s = spies();
    expect(big.plus(1).toString()).toBe('9007199254740992');
    expect(big.times(3).toString()).toBe('27021597764222973');
    expect(s.fromBig).toHaveBeenCalledTimes(2);
  });
});

describe('step helpers take their exact shortcut', () => {
  it('short value and step: no division', () => {
    const s = spies();
    expect(roundDownToStep(dec('0.0016789'), dec('0.00001')).toString()).toBe('0.00167');
    expect(roundUpToStep(dec('-3.7'), dec('0.25')).toString()).toBe('-3.75');
    expect(roundUpToStep(dec('3.7'), dec('0.25')).toString()).toBe('3.75');
    expect(roundUpToStep(dec('3.75'), dec('0.25')).toString()).toBe('3.75');
    expect(roundDownToStep(dec('-3.7'), dec('0.25')).toString()).toBe('-3.5');
    expect(isMultipleOfStep(dec('3.75'), dec('0.25'))).toBe(true);
    expect(isMultipleOfStep(dec('3.76'), dec('0.25'))).toBe(false);
    expect(roundDownQuotientToStep(dec('100'), dec('3033.33'), dec('0.0001')).toString()).toBe('0.0329');
    expect(s.div).not.toHaveBeenCalled();
    expect(s.mod).not.toHaveBeenCalled();
  });

  it('a long value on a power-of-ten step: rounded to places, no division', () => {
    const long = dec('1234567.1234567890123456789');
    const s = spies();
    expect(roundDownToStep(long, dec('0.01')).toString()).toBe('1234567.12');
    expect(roundUpToStep(long, dec('0.01')).toString()).toBe('1234567.13');
    expect(roundDownToStep(long, dec('100')).toString()).toBe('1234500');
    expect(isMultipleOfStep(long, dec('1e-19'))).toBe(true);
    expect(isMultipleOfStep(long, dec('1e-18'))).toBe(false);
    expect(s.div).not.toHaveBeenCalled();
    expect(s.mod).not.toHaveBeenCalled();
  });

  it('a long value on another step: an exact whole quotient, no division', () => {
    const long = dec('1234567.1234567890123456789');
    const s = spies();
    expect(roundDownToStep(long, dec('0.25')).toString()).toBe('1234567');
    expect(roundUpToStep(long, dec('0.25')).toString()).toBe('1234567.25');
    expect(roundDownQuotientToStep(dec('100.123456789012345678'), dec('3'), dec('0.001')).toString()).toBe('33.374');
    expect(s.div).not.toHaveBeenCalled();
  });

  it('where the shortcut cannot prove the answer it divides as the definition does', () => {
    const s = spies();
    // 45 decimals: the 40-place quotient 1.000... is what the definition rounds down
    expect(roundDownToStep(dec('2.' + '9'.repeat(45)), dec('3')).toString()).toBe('3');
    expect(s.div).toHaveBeenCalled();
  });

  it('a step of 0 or less leaves the value as it is, and every value is a multiple of it', () => {
    for (const step of ['0', '-0.01']) {
      expect(roundDownToStep(dec('1.234'), dec(step)).toString()).toBe('1.234');
      expect(roundUpToStep(dec('1.234'), dec(step)).toString()).toBe('1.234');
      expect(isMultipleOfStep(dec('1.234'), dec(step))).toBe(true);
    }
  });
});

describe('small helpers', () => {
  it('dec trims text (the error quotes it as given) and takes numbers and decimals', () => {
    expect(dec(' 1.50 ').toString()).toBe('1.5');
    expect(() => dec(' 1,5 ')).toThrow(new RangeError('not a decimal number: " 1,5 "'));
    expect(dec(2.5).toString()).toBe('2.5');
    const x = dec('7');
    expect(dec(x)).toBe(x);
  });

  it('returnedByDivision: above 0 with at most 40 decimals', () => {
    expect(returnedByDivision(dec('0.' + '0'.repeat(39) + '1'))).toBe(true);
    expect(returnedByDivision(dec('0.' + '0'.repeat(40) + '1'))).toBe(false);
    expect(returnedByDivision(dec('0'))).toBe(false);
    expect(returnedByDivision(dec('-1'))).toBe(false);
    expect(returnedByDivision(dec('123'))).toBe(true);
  });

  it('maxDecimal and sumDecimals', () => {
    expect(maxDecimal(dec('1.5'), dec('1.50')).toString()).toBe('1.5');
    expect(maxDecimal(dec('1'), dec('2')).toString()).toBe('2');
    expect(maxDecimal(dec('3'), dec('2')).toString()).toBe('3');
    expect(sumDecimals([dec('0.1'), dec('0.2'), dec('-0.05')]).toString()).toBe('0.25');
    expect(sumDecimals([]).toString()).toBe('0');
  });
});
