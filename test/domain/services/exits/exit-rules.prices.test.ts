import { describe, expect, it } from 'vitest';
import { PanicDetector } from '../../../../src/domain/services/exits/panic-sell.rule.js';
import { stopLossPrice } from '../../../../src/domain/services/exits/stop-loss.rule.js';
import { takeProfitRungs } from '../../../../src/domain/services/exits/take-profit.rule.js';
import { timeExitDeadline } from '../../../../src/domain/services/exits/time-exit.rule.js';
import { trailingActivationPrice, trailingStopPrice } from '../../../../src/domain/services/exits/trailing-stop.rule.js';
import { dec, ONE } from '../../../../src/domain/shared/decimal.js';
import { MARKET } from './exit-fixtures.js';

const text = (rungs: { price: { toString(): string }; amount: { toString(): string } }[]) => rungs.map((r) => [r.price.toString(), r.amount.toString()]);
const LADDER = [{ profit: dec('0.01'), share: dec('0.5') }, { profit: dec('0.02'), share: dec('0.5') }];

describe('stop loss and trailing stop prices', () => {
  it('puts the stop loss below the average, rounded up to the price step', () => {
    // 100.005 x 0.95 = 95.00475 -> 95.01
    expect(stopLossPrice(dec('100.005'), dec('0.05'), dec('0.01')).toString()).toBe('95.01');
    expect(stopLossPrice(dec('100'), dec('0.05'), dec('0.01')).toString()).toBe('95');
  });

  it('activates the trailing stop above the average and trails the high by the distance, rounded up', () => {
    const rule = { activation: dec('0.02'), distance: dec('0.01') };
    expect(trailingActivationPrice(dec('100'), rule).toString()).toBe('102');
    // 103.33 x 0.99 = 102.2967 -> 102.3
    expect(trailingStopPrice(dec('103.33'), rule, dec('0.01')).toString()).toBe('102.3');
  });

  it('gives a time exit deadline, none without the rule', () => {
    expect(timeExitDeadline(60_000, 3_600_000)).toBe(3_660_000);
    expect(timeExitDeadline(60_000, null)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('take-profit rungs', () => {
  it('is one sell at the markup by default, for everything unsold', () => {
    const plan = takeProfitRungs([{ profit: dec('0.01'), share: ONE }], dec('100.005'), dec('2'), dec('0.5'), MARKET);
    // 100.005 x 1.01 = 101.00505 -> 101.01
    expect(plan.ok && text([...plan.rungs])).toEqual([['101.01', '1.5']]);
  });

  it('splits a ladder by shares (the last takes the remainder) and counts sales against the lowest targets', () => {
    const all = takeProfitRungs(LADDER, dec('100'), dec('2.001'), dec('0'), MARKET);
    expect(all.ok && text([...all.rungs])).toEqual([['101', '1'], ['102', '1.001']]);
    const after = takeProfitRungs(LADDER, dec('100'), dec('2.001'), dec('1.2'), MARKET);
    expect(after.ok && text([...after.rungs])).toEqual([['102', '0.801']]);
  });

  it('joins a rung below the market minimum to the next one, the last to the one before', () => {
    const first = takeProfitRungs(LADDER, dec('100'), dec('2.001'), dec('0'), { ...MARKET, minCost: dec('150') });
    expect(first.ok && text([...first.rungs])).toEqual([['102', '2.001']]);
    const last = takeProfitRungs([{ profit: dec('0.01'), share: dec('0.9') }, { profit: dec('0.02'), share: dec('0.1') }], dec('100'), dec('2'), dec('0'), { ...MARKET, minCost: dec('50') });
    expect(last.ok && text([...last.rungs])).toEqual([['101', '2']]);
    expect(takeProfitRungs(LADDER, dec('100'), dec('0.005'), dec('0'), MARKET)).toEqual({ ok: false, reason: 'cost 0.51 is below the market minimum 1' });
  });
});

describe('PanicDetector', () => {
  const minute = (m: number): number => m * 60_000;

  it('fires when the close is the drop or more below the highest high of the window', () => {
    const panic = new PanicDetector('BTC/USDT', 0.1, minute(5));
    expect(panic.observe(minute(0), 100, 100)).toBe(false);
    expect(panic.observe(minute(1), 99, 95)).toBe(false);
    expect(panic.observe(minute(2), 95, 90.01)).toBe(false);
    expect(panic.observe(minute(3), 91, 90)).toBe(true); // 90 <= 100 x 0.9
  });

  it('forgets highs older than the window', () => {
    const panic = new PanicDetector('BTC/USDT', 0.1, minute(5));
    panic.observe(minute(0), 100, 100);
    for (let m = 1; m <= 4; m += 1) panic.observe(minute(m), 95, 95);
    expect(panic.observe(minute(5), 95, 89)).toBe(false); // 100 left the window: 89 > 95 x 0.9 = 85.5
    expect(panic.observe(minute(6), 90, 85.5)).toBe(true);
  });

  it('grows past its first capacity on a long falling window', () => {
    const panic = new PanicDetector('BTC/USDT', 0.5, minute(60), 2);
    const fired = [100, 90, 80, 70, 60, 55, 50].map((h, m) => panic.observe(minute(m), h, h));
    expect(fired).toEqual([false, false, false, false, false, false, true]);
  });
});
