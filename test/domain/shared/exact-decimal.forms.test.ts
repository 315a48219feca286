import Big from 'big.js';
import { describe, expect, it } from 'vitest';
import { Decimal, ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, ROUND_UP } from '../../../src/domain/shared/exact-decimal.js';
import { POW10, SAFE } from '../../../src/domain/shared/scaled-integer.js';
import { form } from '../../support/decimal-form.js';

const d = (text: string): Decimal => Decimal.parse(text);

describe('Decimal forms: (m, k) with the smallest k where it fits, big.js otherwise', () => {
  it('strips trailing zeros and leading zeros; every zero is the one ZERO', () => {
    expect(form(d('000123.4500'))).toEqual([12345, 2]);
    expect(form(d('1500'))).toEqual([1500, 0]);
    expect(d('0.000')).toBe(Decimal.ZERO);
    expect(d('-0')).toBe(Decimal.ZERO);
    expect(Decimal.scaled(0, 7)).toBe(Decimal.ZERO);
    expect(Decimal.of(-0)).toBe(Decimal.ZERO);
    expect(Decimal.fromBig(new Big(0))).toBe(Decimal.ZERO);
    expect(d('5').neg().neg()).toEqual(d('5'));
    expect(Decimal.ZERO.neg()).toBe(Decimal.ZERO);
  });

  it('a scale of up to 22 decimals is short; 23 or more is big', () => {
    expect(form(d('1e-22'))).toEqual([1, 22]);
    expect(form(d('1e-23'))).toEqual(['big', new Big('1e-23').toFixed()]);
    expect(form(Decimal.scaled(1, 23))).toEqual(form(d('1e-23')));
    expect(form(Decimal.scaled(12300, 24))).toEqual([123, 22]);
  });

  it('a whole number up to 2^53 - 1 is short; beyond it, or 10^22 and more, big', () => {
    expect(form(d(String(SAFE)))).toEqual([SAFE, 0]);
    expect(form(d('9007199254740992'))).toEqual(['big', '9007199254740992']);
    expect(form(d('1e15'))).toEqual([1e15, 0]);
    expect(form(d('1e30'))).toEqual(['big', '1000000000000000000000000000000']);
    expect(form(d('12345678901234567'))).toEqual(['big', '12345678901234567']);
    expect(form(d('123e20'))).toEqual(['big', '12300000000000000000000']);
    expect(form(Decimal.fromBig(new Big('-4.5e3')))).toEqual([-4500, 0]);
    expect(form(Decimal.fromBig(new Big('1.5e-3')))).toEqual([15, 4]);
  });

  it('toEqual compares Decimals by value, inside objects too (test/support/decimal-equality.setup.ts)', () => {
    expect(d('1.50')).toEqual(d('1.5'));
    expect(d('1.5')).not.toEqual(d('2.5'));
    expect({ price: d('1e-30') }).not.toEqual({ price: d('2e-30') });
    expect([d('3')]).not.toEqual([{}]);
  });

  it('a scale of -0 from rounding to -0 places is a scale of 0', () => {
    expect(Object.is(d('1.5').round(-0, ROUND_DOWN).decimals(), 0)).toBe(true);
    expect(Object.is(Decimal.scaled(5, -0).decimals(), 0)).toBe(true);
  });

  it('parses an exponent, either case, signed; refuses anything else naming the text as given', () => {
    expect([d('1.5e3'), d('1.5E-3'), d('-2e+2'), d('7')].map(String)).toEqual(['1500', '0.0015', '-200', '7']);
    for (const bad of ['', ' 1', '1 ', '+1', '1.', '.5', '1e', '1e1.5', '0x10', 'abc', '1_000']) {
      expect(() => d(bad), bad).toThrow(new RangeError(`not a decimal number: "${bad}"`));
    }
    expect(() => Decimal.parse('1,5', ' 1,5 ')).toThrow(new RangeError('not a decimal number: " 1,5 "'));
  });

  it('reads a number as its shortest text: 0.1 is 0.1; tiny and huge numbers exactly', () => {
    expect(form(Decimal.of(0.1))).toEqual([1, 1]);
    expect(String(Decimal.of(0.1 + 0.2))).toBe('0.30000000000000004');
    expect(String(Decimal.of(1e-7))).toBe('0.0000001');
    expect(String(Decimal.of(1.23e-13))).toBe('0.000000000000123');
    expect(String(Decimal.of(1e15 + 0.5))).toBe('1000000000000000.5');
    expect(String(Decimal.of(-123.456))).toBe('-123.456');
    expect(String(Decimal.of(2 ** 60))).toBe('1152921504606847000'); // String(2 ** 60)
    expect(Decimal.of(d('3'))).toEqual(d('3'));
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) expect(() => Decimal.of(bad)).toThrow(new RangeError(`not a finite number: ${bad}`));
  });
});

describe('Decimal arithmetic at the edges of the short form', () => {
  it('sums and products that leave 2^53 are exact in big form', () => {
    expect(String(d(String(SAFE)).plus(d('0.5')))).toBe('9007199254740991.5');
    expect(String(d(String(-SAFE)).minus(d('1')))).toBe('-9007199254740992');
    expect(String(d('0.000000000000000001').plus(d('1000')))).toBe('1000.000000000000000001');
    expect(String(d('94906267').times(d('94906267')))).toBe('9007199515875289');
    expect(String(d('-94906267').times(d('94906267')))).toBe('-9007199515875289');
  });

  it('compares across scales, where scaling one side passes 2^53', () => {
    expect(d(String(SAFE)).cmp(d('9007199254740991.5'))).toBe(-1);
    expect(d('9007199254740991.5').cmp(d(String(SAFE)))).toBe(1);
    expect(d('0.0000000000000000001').cmp(d('-900719925474099'))).toBe(1);
    expect(d('1.10').cmp(d('1.1'))).toBe(0);
    expect(d('1e30').cmp(d('1'))).toBe(1);
    expect([d('1').eq(1), d('1').lt(2), d('2').lte(2), d('3').gt(2), d('2').gte(2), d('1').gte(2), d('3').lte(2), d('2').lt(2), d('2').gt(2)]).toEqual([true, true, true, true, true, false, false, false, false]);
  });

  it('rounds ties by the mode, on either sign', () => {
    const r = (t: string, mode: 0 | 1 | 2 | 3) => String(d(t).round(0, mode));
    expect(['2.5', '3.5', '-2.5', '-3.5', '2.51', '-2.49'].map((t) => r(t, ROUND_HALF_EVEN))).toEqual(['2', '4', '-2', '-4', '3', '-2']);
    expect(['2.5', '-2.5', '2.49', '-2.49'].map((t) => r(t, ROUND_HALF_UP))).toEqual(['3', '-3', '2', '-2']);
    expect(['2.1', '-2.1', '2'].map((t) => r(t, ROUND_UP))).toEqual(['3', '-3', '2']);
    expect(['2.9', '-2.9'].map((t) => r(t, ROUND_DOWN))).toEqual(['2', '-2']);
    expect(String(d('2.5').round())).toBe('2');
    expect(String(d('1234.5678').round(2))).toBe('1234.57');
    expect(String(d('1234.5678').round(-2))).toBe('1200');
    expect(d('1.25').round(5)).toEqual(d('1.25'));
  });

  it('prints plain text in both forms and converts to the nearest double', () => {
    expect(['0.05', '-0.05', '-12', '123.456', '1e-23', '1e25'].map((t) => String(d(t)))).toEqual(['0.05', '-0.05', '-12', '123.456', new Big('1e-23').toFixed(), '10000000000000000000000000']);
    expect([d('0.1').toNumber(), d('1e-23').toNumber(), d('-2.5').toNumber()]).toEqual([0.1, 1e-23, -2.5]);
    expect(JSON.stringify({ x: d('1.50') })).toBe('{"x":"1.5"}');
    expect(`${d('2.5').valueOf()}`).toBe('2.5');
    expect(d('2.5').toFixed(3)).toBe('2.500');
    expect(d('2.5').toFixed(0, ROUND_UP)).toBe('3');
  });

  it('abs, neg, mod, pow and sqrt in both forms', () => {
    expect([d('-1.5').abs(), d('1.5').abs(), d('-1e-30').abs(), d('1e-30').neg(), d('-1e-30').neg(), d('2.5').neg()].map(String)).toEqual(['1.5', '1.5', new Big('1e-30').toFixed(), new Big('-1e-30').toFixed(), new Big('1e-30').toFixed(), '-2.5']);
    expect(String(d('7.5').mod(d('2')))).toBe('1.5');
    expect(String(d('1.1').pow(2))).toBe('1.21');
    expect(String(d('2.25').sqrt())).toBe('1.5');
    expect(String(d('1').div(d('3')))).toBe('0.' + '3'.repeat(40));
    expect(String(d('2').div(d('3')))).toBe('0.' + '6'.repeat(39) + '7');
  });

  it('powers of ten up to 10^22, each exact', () => {
    expect(POW10).toHaveLength(23);
    POW10.forEach((p, i) => expect(p).toBe(10 ** i));
  });

  it('the big form keeps dealbot\'s settings: 40 places half-even, no exponent text', () => {
    expect(String(d('1e-59'))).toBe('0.' + '0'.repeat(58) + '1');
    expect(String(d('1e59'))).toBe('1' + '0'.repeat(59));
    expect(d('1').div(d('3')).toBig().toString()).toBe('0.' + '3'.repeat(40));
    expect(String(d('1.5e-40').div(1))).toBe('0.' + '0'.repeat(39) + '2');
    expect(String(d('2.5e-40').div(1))).toBe('0.' + '0'.repeat(39) + '2');
    expect(String(d('5e-41').div(1))).toBe('0');
  });
});
