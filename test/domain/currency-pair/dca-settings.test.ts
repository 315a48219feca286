import { describe, expect, it } from 'vitest';
import { DcaSettings, MAX_SAFETY_ORDERS, type DcaSettingsProps } from '../../../src/domain/currency-pair/dca-settings.js';
import { dec } from '../../../src/domain/shared/decimal.js';
import { ValidationError } from '../../../src/domain/shared/domain-error.js';

const valid: DcaSettingsProps = { baseOrder: '10', safetyOrder: '20', maxSafetyOrders: 3, deviation: '0.01', stepScale: '1.5', volumeScale: '2', takeProfit: '0.015' };

/** Deviations (as text) and sizes of every safety order. */
const ladder = (settings: DcaSettings): [string, string][] => settings.steps.map((s) => [s.deviation.toString(), s.size.toString()]);

function refusal(props: Partial<DcaSettingsProps>): string {
  try {
    DcaSettings.create(props, 'dca.');
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).message;
  }
  throw new Error('accepted');
}

describe('DCA settings: the safety-order ladder (3Commas definition)', () => {
  it('base 10, safety 20, deviation 1 %, step scale 1.5, volume scale 2: -1 %, -2.5 %, -4.75 % for 20, 40, 80', () => {
    const settings = DcaSettings.create(valid);
    expect(ladder(settings)).toEqual([
      ['0.01', '20'],
      ['0.025', '40'],
      ['0.0475', '80'],
    ]);
    expect(settings.steps.map((s) => s.number)).toEqual([1, 2, 3]);
    expect(settings.maxBudget.toString()).toBe('150');
    expect(settings.budgetText()).toBe('base order 10 + 3 safety orders 140');
  });

  // Each row computed by hand: deviation_n = d x (1 + s + ... + s^(n-1)), size_n = safety x v^(n-1).
  const table: [string, Partial<DcaSettingsProps>, [string, string][], string][] = [
    ['step scale 1, volume scale 1: even steps, equal sizes', { baseOrder: '10', safetyOrder: '15', maxSafetyOrders: 5, deviation: '0.02', stepScale: '1', volumeScale: '1' }, [['0.02', '15'], ['0.04', '15'], ['0.06', '15'], ['0.08', '15'], ['0.1', '15']], '85'],
    ['no safety orders: the budget is the base order', { baseOrder: '25', maxSafetyOrders: 0 }, [], '25'],
    ['step scale 2, volume scale 3', { baseOrder: '25', safetyOrder: '10', maxSafetyOrders: 4, deviation: '0.005', stepScale: '2', volumeScale: '3' }, [['0.005', '10'], ['0.015', '30'], ['0.035', '90'], ['0.075', '270']], '425'],
    ['scales below 1: gaps and sizes shrink', { baseOrder: '50', safetyOrder: '100', maxSafetyOrders: 4, deviation: '0.04', stepScale: '0.5', volumeScale: '0.5' }, [['0.04', '100'], ['0.06', '50'], ['0.07', '25'], ['0.075', '12.5']], '237.5'],
    ['one safety order', { baseOrder: '0.001', safetyOrder: '0.002', maxSafetyOrders: 1, deviation: '0.123', stepScale: '7', volumeScale: '9' }, [['0.123', '0.002']], '0.003'],
    ['3Commas-style 1.05 / 1.05', { baseOrder: '100', safetyOrder: '100', maxSafetyOrders: 3, deviation: '0.01', stepScale: '1.05', volumeScale: '1.05' }, [['0.01', '100'], ['0.0205', '105'], ['0.031525', '110.25']], '415.25'],
  ];
  it.each(table)('%s', (_name, change, expected, budget) => {
    const settings = DcaSettings.create({ ...valid, ...change });
    expect(ladder(settings)).toEqual(expected);
    expect(settings.maxBudget.toString()).toBe(budget);
  });

  it('a large count with step scale 1: order n at n x deviation, the budget base + n x size', () => {
    const settings = DcaSettings.create({ ...valid, maxSafetyOrders: MAX_SAFETY_ORDERS, deviation: '0.004', stepScale: '1', volumeScale: '1', safetyOrder: '5', maxActiveSafetyOrders: 7 });
    expect(settings.steps).toHaveLength(200);
    expect(settings.steps[99]?.deviation.toString()).toBe('0.4');
    expect(settings.steps[199]?.deviation.toString()).toBe('0.8');
    expect(settings.maxBudget.toString()).toBe('1010');
    expect(settings.maxActiveSafetyOrders).toBe(7);
  });

  it('a large count doubling: order 60 at d x (2^60 - 1) for 3 x 2^59, exact to the last digit', () => {
    const settings = DcaSettings.create({ ...valid, maxSafetyOrders: 60, deviation: '1e-19', stepScale: '2', volumeScale: '2', safetyOrder: '3' });
    const last = settings.steps[59];
    expect(last?.deviation.toString()).toBe(`0.${(2n ** 60n - 1n).toString().padStart(19, '0')}`);
    expect(last?.size.toString()).toBe((3n * 2n ** 59n).toString());
    expect(settings.maxBudget.toString()).toBe((10n + 3n * (2n ** 60n - 1n)).toString());
  });

  it('keeps its settings: one resting safety order by default, none without safety orders, the stop loss as given', () => {
    const settings = DcaSettings.create({ ...valid, stopLoss: { drop: '0.1', from: 'average' } });
    expect(settings.maxActiveSafetyOrders).toBe(1);
    expect(settings.stopLoss).toEqual({ drop: dec('0.1'), from: 'average' });
    expect(settings.takeProfit.toString()).toBe('0.015');
    expect(DcaSettings.create({ ...valid, maxSafetyOrders: 0 }).maxActiveSafetyOrders).toBe(0);
    expect(DcaSettings.create({ ...valid, maxSafetyOrders: 0, maxActiveSafetyOrders: 0 }).budgetText()).toBe('base order 10');
    expect(DcaSettings.create({ ...valid, maxSafetyOrders: 1 }).budgetText()).toBe('base order 10 + 1 safety order 20');
    expect(DcaSettings.create({ ...valid, stopLoss: null }).stopLoss).toBeNull();
    expect(DcaSettings.create(settings.toProps())).toEqual(settings);
    expect(Object.isFrozen(settings)).toBe(true);
    expect([1, 2, 3].map((n) => DcaSettings.create({ ...valid, maxActiveSafetyOrders: n }).maxActiveSafetyOrders)).toEqual([1, 2, 3]);
  });

  it('names the safety orders at or below a stop measured from the base price: the stop sells before they fill', () => {
    // deviations 1 %, 2.5 %, 4.75 %
    const numbers = (stopLoss: DcaSettingsProps['stopLoss']): number[] => DcaSettings.create({ ...valid, stopLoss }).stepsPastBaseStop().map((s) => s.number);
    expect(numbers({ drop: '0.025', from: 'base' })).toEqual([2, 3]);
    expect(numbers({ drop: '0.0249', from: 'base' })).toEqual([2, 3]);
    expect(numbers({ drop: '0.0251', from: 'base' })).toEqual([3]);
    expect(numbers({ drop: '0.05', from: 'base' })).toEqual([]);
    expect(numbers({ drop: '0.005', from: 'average' })).toEqual([]);
    expect(numbers(null)).toEqual([]);
  });

  it('checks one deal\'s whole possible cost against the pair\'s dealQuota', () => {
    const settings = DcaSettings.create(valid);
    expect(settings.budgetExceeds(dec('150'))).toBeNull();
    expect(settings.budgetExceeds(dec('1000'))).toBeNull();
    expect(settings.budgetExceeds(dec('149.99'))).toBe('149.99 is below the DCA max budget of one deal, 150 (base order 10 + 3 safety orders 140)');
  });
});

describe('DCA settings: refused with the field named', () => {
  it.each([
    [{ baseOrder: undefined }, 'dca.baseOrder: is required'],
    [{ volumeScale: null }, 'dca.volumeScale: is required'],
    [{ takeProfit: undefined }, 'dca.takeProfit: is required'],
    [{ baseOrder: '0' }, 'dca.baseOrder: must be > 0, got 0'],
    [{ safetyOrder: '-1' }, 'dca.safetyOrder: must be > 0, got -1'],
    [{ safetyOrder: 'lots' }, 'dca.safetyOrder: must be a decimal number, got lots'],
    [{ maxSafetyOrders: -1 }, 'dca.maxSafetyOrders: must be an integer from 0 to 200, got -1'],
    [{ maxSafetyOrders: 2.5 }, 'dca.maxSafetyOrders: must be an integer from 0 to 200, got 2.5'],
    [{ maxSafetyOrders: 201 }, 'dca.maxSafetyOrders: must be an integer from 0 to 200, got 201'],
    [{ maxActiveSafetyOrders: 0 }, 'dca.maxActiveSafetyOrders: must be an integer from 1 to maxSafetyOrders 3, got 0'],
    [{ maxActiveSafetyOrders: 4 }, 'dca.maxActiveSafetyOrders: must be an integer from 1 to maxSafetyOrders 3, got 4'],
    [{ maxActiveSafetyOrders: 1.5 }, 'dca.maxActiveSafetyOrders: must be an integer from 1 to maxSafetyOrders 3, got 1.5'],
    [{ maxSafetyOrders: 0, maxActiveSafetyOrders: 1 }, 'dca.maxActiveSafetyOrders: must be 0 (or left out) when maxSafetyOrders is 0, got 1'],
    [{ deviation: '0' }, 'dca.deviation: must be > 0 and < 1 (0.01 = the first safety order 1% below the base price), got 0'],
    [{ deviation: '1' }, 'dca.deviation: must be > 0 and < 1 (0.01 = the first safety order 1% below the base price), got 1'],
    [{ stepScale: '0' }, 'dca.stepScale: must be > 0, got 0'],
    [{ volumeScale: '-2' }, 'dca.volumeScale: must be > 0, got -2'],
    [{ takeProfit: '0' }, 'dca.takeProfit: must be > 0, got 0'],
    [{ stopLoss: { drop: '1', from: 'base' } }, 'dca.stopLoss.drop: must be > 0 and < 1 (0.1 = 10% below), got 1'],
    [{ stopLoss: { from: 'base' } }, 'dca.stopLoss.drop: is required'],
    [{ stopLoss: { drop: null, from: 'base' } }, 'dca.stopLoss.drop: is required'],
    [{ stopLoss: { drop: '0.1', from: 'entry' } }, 'dca.stopLoss.from: must be base or average, got entry'],
  ] as [Partial<DcaSettingsProps>, string][])('refuses %j', (change, message) => {
    expect(refusal({ ...valid, ...change })).toBe(message);
  });

  it('names the bare field without a prefix', () => {
    expect(() => DcaSettings.create({ ...valid, baseOrder: '0' })).toThrow(new ValidationError('baseOrder', 'must be > 0, got 0'));
  });

  it('refuses a safety order at or beyond 100 % below the base price, naming its number', () => {
    expect(refusal({ ...valid, deviation: '0.25', stepScale: '1', maxSafetyOrders: 4 })).toBe(
      'dca.maxSafetyOrders: safety order 4 would rest 100% below the base price; every safety order must stay below 100% (lower maxSafetyOrders, deviation or stepScale)',
    );
    expect(refusal({ ...valid, deviation: '0.3', stepScale: '2', maxSafetyOrders: 3 })).toMatch(/^dca\.maxSafetyOrders: safety order 3 would rest 210% below/);
    expect(DcaSettings.create({ ...valid, deviation: '0.25', stepScale: '1', maxSafetyOrders: 3 }).steps[2]?.deviation.toString()).toBe('0.75');
    // 3Commas' widest scales still stop at the first order past 100 %, however many are asked for
    expect(refusal({ ...valid, deviation: '0.01', stepScale: '10', maxSafetyOrders: 200 })).toMatch(/^dca\.maxSafetyOrders: safety order 3 would rest 111% below/);
  });
});
