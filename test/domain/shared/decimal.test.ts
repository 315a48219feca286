import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dec, roundDownToStep, roundUpToStep } from '../../../src/domain/shared/decimal.js';

describe('decimal money', () => {
  it('has no float drift', () => {
    expect(dec(0.1).plus(dec(0.2)).toString()).toBe('0.3');
    expect(dec('0.00000001').times(3).toString()).toBe('0.00000003');
    expect(dec('1e-8').toString()).toBe('0.00000001');
  });

  it('refuses what is not a number', () => {
    expect(() => dec('1,5')).toThrow('not a decimal number: "1,5"');
    expect(() => dec(Number.NaN)).toThrow('not a finite number');
    expect(() => dec('')).toThrow('not a decimal number');
  });

  it('rounds to a step down and up', () => {
    expect(roundDownToStep(dec('0.0016789'), dec('0.00001')).toString()).toBe('0.00167');
    expect(roundUpToStep(dec('60600.001'), dec('0.01')).toString()).toBe('60600.01');
    expect(roundUpToStep(dec('60600.01'), dec('0.01')).toString()).toBe('60600.01');
    expect(roundDownToStep(dec('7'), dec('0.5')).toString()).toBe('7');
  });

  it('sums of integer cents are exact in any order (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1e9, max: 1e9 }), { maxLength: 50 }), (cents) => {
        const forward = cents.reduce((s, c) => s.plus(dec(c).div(100)), dec(0));
        const backward = [...cents].reverse().reduce((s, c) => s.plus(dec(c).div(100)), dec(0));
        expect(forward.eq(backward)).toBe(true);
        expect(forward.times(100).toString()).toBe(String(cents.reduce((a, b) => a + b, 0)));
      }),
    );
  });

  it('step rounding lands on the step and within one step (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 ** 12 }), fc.integer({ min: 0, max: 10 }), fc.integer({ min: 1, max: 9 }), (raw, scale, stepDigit) => {
        const value = dec(raw).div(dec(10).pow(scale));
        const step = dec(stepDigit).div(1000);
        const down = roundDownToStep(value, step);
        const up = roundUpToStep(value, step);
        expect(down.lte(value) && up.gte(value)).toBe(true);
        expect(value.minus(down).lt(step) && up.minus(value).lt(step)).toBe(true);
        expect(down.mod(step).eq(0) && up.mod(step).eq(0)).toBe(true);
      }),
    );
  });
});
