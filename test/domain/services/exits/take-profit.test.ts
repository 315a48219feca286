import { describe, expect, it } from 'vitest';
import { belowMinimum, takeProfitRungs, type RungPlan } from '../../../../src/domain/services/exits/take-profit.rule.js';
import { dec, ONE } from '../../../../src/domain/shared/decimal.js';
import { MARKET } from './exit-fixtures.js';

const text = (plan: RungPlan) => (plan.ok ? plan.rungs.map((r) => [r.price.toString(), r.amount.toString()]) : plan.reason);
const target = (profit: string, share: string) => ({ profit: dec(profit), share: dec(share) });
const THREE = [target('0.01', '0.2'), target('0.02', '0.3'), target('0.03', '0.5')];

describe('belowMinimum: the market minimum amount and cost of an order', () => {
  it('takes an order of exactly the minimum amount and exactly the minimum cost', () => {
    const market = { ...MARKET, minAmount: dec('0.01'), minCost: dec('5') };
    expect(belowMinimum(dec('0.01'), dec('500'), market)).toBeNull(); // cost exactly 5
  });

  it('refuses an amount below the minimum, naming both', () => {
    const market = { ...MARKET, minAmount: dec('0.01'), minCost: dec('0') };
    expect(belowMinimum(dec('0.009'), dec('1000'), market)).toBe('amount 0.009 is below the market minimum 0.01');
  });

  it('refuses a cost below the minimum, naming both', () => {
    const market = { ...MARKET, minAmount: dec('0.001'), minCost: dec('5') };
    expect(belowMinimum(dec('0.01'), dec('499.99'), market)).toBe('cost 4.9999 is below the market minimum 5');
  });

  it('refuses an amount of zero or less even on a market without minimums', () => {
    const market = { ...MARKET, minAmount: dec('0'), minCost: dec('0') };
    expect(belowMinimum(dec('0'), dec('100'), market)).toBe('amount 0 is below the market minimum 0');
    expect(belowMinimum(dec('-1'), dec('100'), market)).toBe('amount -1 is below the market minimum 0');
    expect(belowMinimum(dec('0.000001'), dec('100'), market)).toBeNull();
  });
});

describe('takeProfitRungs', () => {
  it('prices each rung at profit above the average, rounded up to the price step', () => {
    // 100.001 x 1.01 = 101.00101 -> 101.01; x 1.02 = 102.00102 -> 102.01; x 1.03 = 103.00103 -> 103.01
    expect(text(takeProfitRungs(THREE, dec('100.001'), dec('1'), dec('0'), MARKET))).toEqual([['101.01', '0.2'], ['102.01', '0.3'], ['103.01', '0.5']]);
  });

  it('rounds each share down to the amount step and gives the last target the rest', () => {
    // 1.0007 x 0.2 = 0.20014 -> 0.2; x 0.3 = 0.30021 -> 0.3; the rest 0.5007 -> 0.5 on the step
    expect(text(takeProfitRungs(THREE, dec('100'), dec('1.0007'), dec('0'), MARKET))).toEqual([['101', '0.2'], ['102', '0.3'], ['103', '0.5']]);
  });

  it('counts what is sold against the lowest targets first, a rung at a time', () => {
    expect(text(takeProfitRungs(THREE, dec('100'), dec('1'), dec('0.2'), MARKET))).toEqual([['102', '0.3'], ['103', '0.5']]);
    expect(text(takeProfitRungs(THREE, dec('100'), dec('1'), dec('0.25'), MARKET))).toEqual([['102', '0.25'], ['103', '0.5']]);
    expect(text(takeProfitRungs(THREE, dec('100'), dec('1'), dec('0.6'), MARKET))).toEqual([['103', '0.4']]);
  });

  it('has nothing to place once everything is sold', () => {
    expect(takeProfitRungs(THREE, dec('100'), dec('1'), dec('1'), MARKET)).toEqual({ ok: false, reason: 'nothing left to sell' });
  });

  it('joins a small middle rung to the next one exactly once, and the rungs after it keep their own amounts', () => {
    const ladder = [target('0.01', '0.4'), target('0.02', '0.1'), target('0.03', '0.2'), target('0.04', '0.3')];
    // cost of 0.1 @ 102 = 10.2 < 20: it joins the 0.2 rung (0.3 @ 103 = 30.9); the last rung stays 0.3
    const plan = takeProfitRungs(ladder, dec('100'), dec('1'), dec('0'), { ...MARKET, minCost: dec('20') });
    expect(text(plan)).toEqual([['101', '0.4'], ['103', '0.3'], ['104', '0.3']]);
  });

  it('joins a small last rung to the one before it', () => {
    const plan = takeProfitRungs([target('0.01', '0.8'), target('0.02', '0.2')], dec('100'), dec('1'), dec('0'), { ...MARKET, minCost: dec('30') });
    expect(text(plan)).toEqual([['101', '1']]);
  });

  it('refuses with the market minimum it broke when no rung can be placed', () => {
    expect(takeProfitRungs([target('0.01', '1')], dec('100'), dec('0.002'), dec('0'), { ...MARKET, minAmount: dec('0.01') })).toEqual({ ok: false, reason: 'amount 0.002 is below the market minimum 0.01' });
  });

  it('a single target at the markup sells all that is unsold', () => {
    expect(text(takeProfitRungs([{ profit: dec('0.015'), share: ONE }], dec('200'), dec('0.5'), dec('0.1'), MARKET))).toEqual([['203', '0.4']]);
  });
});
