import { describe, expect, it } from 'vitest';
import { DcaSettings } from '../../../../src/domain/currency-pair/dca-settings.js';
import { averageTakeProfitPrice, dcaStopPrice, positionOf } from '../../../../src/domain/services/dca/average-price.js';
import { ladderPlan, pricedBuy, safetyOrderLevels } from '../../../../src/domain/services/dca/safety-ladder.js';
import { dec } from '../../../../src/domain/shared/decimal.js';
import { MARKET } from '../exits/exit-fixtures.js';

/** Built in each test, not at load: a mutant of DcaSettings then runs only the tests that use it. */
const settings = (): DcaSettings => DcaSettings.create({ baseOrder: '10', safetyOrder: '20', maxSafetyOrders: 3, deviation: '0.01', stepScale: '1.5', volumeScale: '2', takeProfit: '0.015' });
const text = (rows: readonly object[], keys: readonly string[]): string[][] => rows.map((r) => keys.map((k) => String((r as Record<string, unknown>)[k])));

describe('safety-order levels on the market precision', () => {
  it('prices base x (1 - deviation) rounded down to the price step, amounts size / price rounded down to the amount step', () => {
    // market: price step 0.01, amount step 0.001; 20 / 99 = 0.20202.., 40 / 97.5 = 0.41025.., 80 / 95.25 = 0.83989..
    expect(text(safetyOrderLevels(settings().steps, dec('100'), MARKET), ['number', 'deviation', 'size', 'price', 'amount', 'refused'])).toEqual([
      ['1', '0.01', '20', '99', '0.202', 'null'],
      ['2', '0.025', '40', '97.5', '0.41', 'null'],
      ['3', '0.0475', '80', '95.25', '0.839', 'null'],
    ]);
    // 60000.123 x 0.99 = 59400.12177 -> 59400.12; x 0.975 = 58500.119925 -> 58500.11; x 0.9525 = 57150.1171575 -> 57150.11
    expect(safetyOrderLevels(settings().steps, dec('60000.123'), MARKET).map((l) => l.price.toString())).toEqual(['59400.12', '58500.11', '57150.11']);
  });

  it('says why the exchange would refuse a level: below the minimum amount or cost, or a price that rounds to zero', () => {
    expect(pricedBuy(dec('20'), dec('99'), { ...MARKET, minCost: dec('20') }).refused).toBe('cost 19.998 is below the market minimum 20');
    expect(pricedBuy(dec('0.5'), dec('1000'), MARKET).refused).toBe('amount 0 is below the market minimum 0.001');
    expect(pricedBuy(dec('5'), dec('0.004'), MARKET)).toEqual({ price: dec(0), amount: dec(0), refused: 'price 0.004 rounds to zero on step 0.01' });
  });
});

describe('a DCA deal\'s plan from a base price', () => {
  it('adds up the budget, the average after each fill (cost / amount) and its take profit, rounded up', () => {
    // base 10 / 100 = 0.1; costs 10, +99 x 0.202, +97.5 x 0.41, +95.25 x 0.839 over amounts 0.1, 0.302, 0.712, 1.551
    const plan = ladderPlan(settings(), dec('100'), MARKET);
    expect(plan.base).toEqual({ price: dec('100'), amount: dec('0.1'), refused: null });
    expect(text(plan.rows, ['budgetUsed', 'average', 'takeProfitPrice'])).toEqual([
      ['30', '99.3311258278145695364238410596026490066225', '100.83'],
      ['70', '98.2766853932584269662921348314606741573034', '99.76'],
      ['150', '96.6394261766602192134107027724049000644745', '98.09'],
    ]);
  });

  it('leaves a refused order out of the average; with no base fill there is none until a safety order fills', () => {
    const plan = ladderPlan(settings(), dec('100'), { ...MARKET, minCost: dec('20') });
    expect(plan.rows[0]?.refused).toBe('cost 19.998 is below the market minimum 20');
    expect(plan.base.refused).toBe('cost 10 is below the market minimum 20');
    expect(plan.rows[0]?.average).toBeNull();
    expect(plan.rows[0]?.takeProfitPrice).toBeNull();
    expect(plan.rows[1]?.average?.toString()).toBe('97.5');
  });
});

describe('average price, take profit and stop loss of a DCA deal', () => {
  it('is total cost over total amount, exact when it ends, to 40 places (half to even) when it does not', () => {
    expect(positionOf([{ price: dec('100'), amount: dec('1') }, { price: dec('80'), amount: dec('1') }])).toEqual({ cost: dec('180'), amount: dec('2'), average: dec('90') });
    expect(positionOf([{ price: dec('1'), amount: dec('1') }, { price: dec('2'), amount: dec('2') }])?.average.toString()).toBe('1.6666666666666666666666666666666666666667');
    expect(positionOf([])).toBeNull();
    expect(positionOf([{ price: dec('5'), amount: dec('0') }])).toBeNull();
  });

  it('takes profit from the average, rounded up; stops from the base price or the average, rounded up', () => {
    expect(averageTakeProfitPrice(dec('90'), dec('0.01'), dec('0.01')).toString()).toBe('90.9');
    expect(averageTakeProfitPrice(dec('90.001'), dec('0.01'), dec('0.01')).toString()).toBe('90.91');
    // 100 x 0.9 = 90 from the base; 95.555 x 0.9 = 85.9995 -> 86 from the average
    expect(dcaStopPrice({ drop: dec('0.1'), from: 'base' }, dec('100'), dec('95.555'), dec('0.01')).toString()).toBe('90');
    expect(dcaStopPrice({ drop: dec('0.1'), from: 'average' }, dec('100'), dec('95.555'), dec('0.01')).toString()).toBe('86');
  });
});
