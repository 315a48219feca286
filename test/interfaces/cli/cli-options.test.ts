import { InvalidArgumentError } from 'commander';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dec } from '../../../src/domain/shared/decimal.js';
import { choice, feeRate, pairList, positiveDecimal, utcDate, wholeNumber } from '../../../src/interfaces/cli/cli-options.js';

const refused = (parse: (v: string) => unknown, value: string): string => {
  try {
    parse(value);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidArgumentError);
    return (error as Error).message;
  }
  throw new Error(`"${value}" was accepted`);
};

describe('option value parsers', () => {
  const from = utcDate('--from');

  it('dates: YYYY-MM-DD and full ISO date-times with a zone, UTC', () => {
    expect(from('2018-01-15')).toBe(Date.UTC(2018, 0, 15));
    expect(from('2024-02-29')).toBe(Date.UTC(2024, 1, 29));
    expect(from('2018-01-15T12:30:00Z')).toBe(Date.UTC(2018, 0, 15, 12, 30));
    expect(from('2018-01-15T12:30:00.250+02:00')).toBe(Date.UTC(2018, 0, 15, 10, 30, 0, 250));
  });

  it('dates: impossible or partial ones are refused, never rolled over', () => {
    for (const bad of ['2018-02-30', '2019-02-29', '2018-13-01', '2018-00-10', '12', '2018', '2018-02', 'yesterday', '01/02/2018', '2018-01-01T25:00:00Z', '2018-01-01T10:61Z', '2018-01-01T10:00', '2018-1-5', '']) {
      expect(refused(from, bad)).toBe(`--from must be a date like 2018-01-15 or 2018-01-15T12:00:00Z, got "${bad}"`);
    }
  });

  it('dates: every real day is accepted and means its UTC midnight (property, fixed seed)', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1970, 0, 1), max: Date.UTC(2100, 0, 1) }), (ms) => {
        const day = new Date(ms).toISOString().slice(0, 10);
        expect(from(day)).toBe(Date.parse(`${day}T00:00:00Z`));
      }),
      { seed: 20261206, numRuns: 500 },
    );
  });

  it('dates: a day number past the month end is refused (property, fixed seed)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1970, max: 2100 }), fc.integer({ min: 1, max: 12 }), (year, month) => {
        const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
        const text = (d: number) => `${year}-${String(month).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
        expect(from(text(last))).toBe(Date.UTC(year, month - 1, last));
        if (last < 31) expect(() => from(text(last + 1))).toThrow(InvalidArgumentError);
      }),
      { seed: 20261206, numRuns: 300 },
    );
  });

  it('fee rates in [0, 0.5)', () => {
    const fee = feeRate('--fee');
    expect(fee('0')).toBe('0');
    expect(fee('0.4999')).toBe('0.4999');
    for (const bad of ['0.5', '2', '-0.1', 'abc', '1e-3', '']) expect(refused(fee, bad)).toMatch(/^--fee must be a rate >= 0 and < 0\.5/);
  });

  it('fee rates: exactly those plain decimals below 0.5, however many digits (property against the domain decimal, fixed seed)', () => {
    const fee = feeRate('--fee');
    const digits = (min: number, max: number) => fc.array(fc.constantFrom(...'0123456789'), { minLength: min, maxLength: max }).map((d) => d.join(''));
    // near the limit: 0.4999..., 0.5000...1, 00.5, 0.50; and any plain decimal
    const nearLimit = fc.tuple(fc.constantFrom('0', '00', '1'), fc.constantFrom('4', '5'), fc.constantFrom('', '9', '0'), digits(0, 30)).map(([whole, first, repeat, tail]) => `${whole}.${first}${repeat.repeat(20)}${tail}`);
    const plain = fc.tuple(digits(1, 3), fc.option(digits(1, 30), { nil: undefined })).map(([whole, fraction]) => (fraction === undefined ? whole : `${whole}.${fraction}`));
    fc.assert(
      fc.property(fc.oneof(nearLimit, plain), (value) => {
        if (dec(value).lt('0.5')) expect(fee(value)).toBe(value);
        else expect(refused(fee, value)).toMatch(/^--fee must be a rate >= 0 and < 0\.5/);
      }),
      { seed: 20261207, numRuns: 1000 },
    );
    expect(fee('0.49999999999999999999999')).toBe('0.49999999999999999999999'); // a double would round it to 0.5
    expect(refused(fee, '0.50000000000000000000001')).toMatch(/^--fee must be a rate/);
  });

  it('whole numbers within safe integers', () => {
    const candles = wholeNumber('--candles');
    expect(candles('9007199254740991')).toBe(Number.MAX_SAFE_INTEGER);
    expect(refused(candles, '9007199254740992')).toBe('--candles must be a whole number >= 0 and at most 9007199254740991, got "9007199254740992"');
    expect(refused(candles, '1e23')).toBe('--candles must be a whole number >= 0, got "1e23"');
    expect(refused(wholeNumber('--days', 1), '0')).toBe('--days must be a whole number >= 1, got "0"');
  });

  it('amounts > 0, pairs, choices', () => {
    expect(refused(positiveDecimal('--balance'), '0.000')).toMatch(/^--balance must be a decimal number > 0/);
    expect(positiveDecimal('--balance')('0.5')).toBe('0.5');
    expect(pairList('--pairs')(' BTC/USDT,ETH/USDT,BTC/USDT ')).toEqual(['BTC/USDT', 'ETH/USDT']);
    expect(refused(pairList('--pairs'), ',')).toBe('--pairs: name at least one pair, e.g. BTC/USDT,ETH/USDT');
    expect(refused(pairList('--pairs'), 'BTC/USDT,eth')).toBe('pair "eth" must look like BASE/QUOTE in capitals, e.g. BTC/USDT');
    expect(refused(choice('--status', ['open', 'closed']), 'bogus')).toBe('--status must be one of open, closed, got "bogus"');
  });
});
