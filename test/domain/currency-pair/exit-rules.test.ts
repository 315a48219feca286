import { describe, expect, it } from 'vitest';
import { CurrencyPair } from '../../../src/domain/currency-pair/currency-pair.entity.js';
import { ExitRules, type ExitRulesProps } from '../../../src/domain/currency-pair/exit-rules.js';
import { ValidationError } from '../../../src/domain/shared/domain-error.js';

function refusal(props: ExitRulesProps): { field: string; rule: string } {
  try {
    ExitRules.create(props, 'exits.');
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return { field: (error as ValidationError).field, rule: (error as ValidationError).rule };
  }
  throw new Error('accepted');
}

describe('ExitRules', () => {
  it('parses every rule, targets lowest first, windows in ms', () => {
    const rules = ExitRules.create({
      stopLoss: '0.05',
      trailingStop: { activation: '0.02', distance: '0.01' },
      takeProfit: { targets: [{ profit: '0.02', share: '0.5' }, { profit: '0.01', share: '0.5' }] },
      timeExit: { hours: 24 },
      panicSell: { drop: '0.1', windowMinutes: 15, cooldownMinutes: 60, reference: 'BTC/USDT' },
    });
    expect(rules.stopLoss?.toString()).toBe('0.05');
    expect(rules.trailingStop?.distance.toString()).toBe('0.01');
    expect(rules.takeProfit?.map((t) => t.profit.toString())).toEqual(['0.01', '0.02']);
    expect(rules.timeExitMs).toBe(86_400_000);
    expect(rules.panicSell).toMatchObject({ windowMs: 900_000, cooldownMs: 3_600_000, reference: 'BTC/USDT' });
    expect(rules.watchesDeals).toBe(true);
  });

  it('is NONE without rules', () => {
    expect(ExitRules.create({})).toBe(ExitRules.NONE);
    expect(ExitRules.NONE.watchesDeals).toBe(false);
    expect(ExitRules.create({ panicSell: { drop: '0.1', windowMinutes: 5, cooldownMinutes: 0 } }).watchesDeals).toBe(false);
  });

  it.each([
    [{ stopLoss: '1' }, 'exits.stopLoss', 'must be > 0 and < 1 (0.05 = 5% below the buy fill), got 1'],
    [{ stopLoss: '0' }, 'exits.stopLoss', 'must be > 0 and < 1 (0.05 = 5% below the buy fill), got 0'],
    [{ stopLoss: -0.1 }, 'exits.stopLoss', 'must be > 0 and < 1 (0.05 = 5% below the buy fill), got -0.1'],
    [{ stopLoss: 'x' }, 'exits.stopLoss', 'must be a decimal number, got x'],
    [{ trailingStop: { activation: '0.01', distance: '0.02' } }, 'exits.trailingStop.distance', 'must not be larger than trailingStop.activation 0.01, got 0.02'],
    [{ trailingStop: { activation: '0', distance: '0' } }, 'exits.trailingStop.activation', 'must be > 0, got 0'],
    [{ takeProfit: { targets: [{ profit: '0.01', share: '0.5' }, { profit: '0.02', share: '0.4' }] } }, 'exits.takeProfit.targets', 'shares must sum to 1 (100%), got 0.9'],
    [{ takeProfit: { targets: [] } }, 'exits.takeProfit.targets', 'needs at least one target'],
    [{ takeProfit: { targets: [{ profit: '0', share: '1' }] } }, 'exits.takeProfit.targets[0].profit', 'must be > 0, got 0'],
    [{ timeExit: { hours: 0 } }, 'exits.timeExit.hours', 'must be > 0, got 0'],
    [{ panicSell: { drop: '1', windowMinutes: 5, cooldownMinutes: 0 } }, 'exits.panicSell.drop', 'must be > 0 and < 1 (0.1 = a 10% fall), got 1'],
    [{ panicSell: { drop: '0.1', windowMinutes: 5, cooldownMinutes: -1 } }, 'exits.panicSell.cooldownMinutes', 'must be >= 0 minutes, got -1'],
    [{ panicSell: { drop: '0.1', windowMinutes: 5, cooldownMinutes: 1, reference: 'btc' } }, 'exits.panicSell.reference', '"btc" must look like BASE/QUOTE in capitals'],
  ] as [ExitRulesProps, string, string][])('refuses %j naming %s', (props, field, rule) => {
    expect(refusal(props)).toEqual({ field, rule });
  });

  it('is part of the currency pair, refused there with the field named, and kept by toProps', () => {
    const base = { symbol: 'BTC/USDT', orderLifeTime: 60, dealQuota: '100', profitMarkup: '0.01', dealCount: 1 };
    expect(() => CurrencyPair.create({ ...base, exits: { stopLoss: '1.5' } })).toThrow('exits.stopLoss: must be > 0 and < 1');
    const pair = CurrencyPair.create({ ...base, exits: { stopLoss: '0.05' } });
    expect(pair.exits.stopLoss?.toString()).toBe('0.05');
    expect(CurrencyPair.create(pair.toProps()).exits.stopLoss?.toString()).toBe('0.05');
    expect(CurrencyPair.create(base).toProps()).toEqual(base);
  });
});
