import { describe, expect, it } from 'vitest';
import { CurrencyPair, type CurrencyPairProps } from '../../../src/domain/currency-pair/currency-pair.entity.js';
import { ExitRules, type ExitRulesProps } from '../../../src/domain/currency-pair/exit-rules.js';
import { ValidationError } from '../../../src/domain/shared/domain-error.js';

function refusal(props: ExitRulesProps, prefix?: string): string {
  try {
    ExitRules.create(props, prefix);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as Error).message;
  }
  return 'accepted';
}

const panic = (patch: Partial<NonNullable<ExitRulesProps['panicSell']>>) => ({ panicSell: { drop: '0.1', windowMinutes: 5, cooldownMinutes: 10, ...patch } });

describe('ExitRules limits', () => {
  it('names fields without a prefix when none is given', () => {
    expect(refusal({ stopLoss: '2' })).toBe('stopLoss: must be > 0 and < 1 (0.05 = 5% below the buy fill), got 2');
  });

  it('takes fractions just inside (0, 1), and a trailing distance equal to its activation', () => {
    expect(ExitRules.create({ stopLoss: '0.999' }).stopLoss?.toString()).toBe('0.999');
    expect(ExitRules.create({ stopLoss: '0.001' }).stopLoss?.toString()).toBe('0.001');
    const trailing = ExitRules.create({ trailingStop: { activation: '0.03', distance: '0.03' } }).trailingStop;
    expect([trailing?.activation.toString(), trailing?.distance.toString()]).toEqual(['0.03', '0.03']);
    expect(ExitRules.create({ stopLoss: null, trailingStop: null, takeProfit: null, timeExit: null, panicSell: null })).toBe(ExitRules.NONE);
  });

  it('refuses a trailing distance of 0 or 1 and an activation that is not a number', () => {
    expect(refusal({ trailingStop: { activation: '0.5', distance: '0' } }, 'exits.')).toBe('exits.trailingStop.distance: must be > 0 and < 1 (0.01 = 1% below the highest price), got 0');
    expect(refusal({ trailingStop: { activation: '2', distance: '1' } }, 'exits.')).toBe('exits.trailingStop.distance: must be > 0 and < 1 (0.01 = 1% below the highest price), got 1');
    expect(refusal({ trailingStop: { activation: 'abc', distance: '0.1' } }, 'exits.')).toBe('exits.trailingStop.activation: must be a decimal number, got abc');
    expect(refusal({ trailingStop: { activation: '-0.1', distance: '0.1' } }, 'exits.')).toBe('exits.trailingStop.activation: must be > 0, got -0.1');
  });

  it('names the target that is wrong, and sorts the rest lowest profit first', () => {
    expect(refusal({ takeProfit: { targets: [{ profit: '0.01', share: '0.5' }, { profit: '0.02', share: '0' }] } }, 'exits.')).toBe('exits.takeProfit.targets[1].share: must be > 0, got 0');
    expect(refusal({ takeProfit: { targets: [{ profit: '0.01', share: '1.5' }, { profit: '0.02', share: '-0.5' }] } }, 'exits.')).toBe('exits.takeProfit.targets[1].share: must be > 0, got -0.5');
    expect(refusal({ takeProfit: { targets: [{ profit: '0.01', share: '0.6' }, { profit: '0.02', share: '0.6' }] } })).toBe('takeProfit.targets: shares must sum to 1 (100%), got 1.2');
    const targets = ExitRules.create({ takeProfit: { targets: [{ profit: '0.03', share: '0.5' }, { profit: '0.01', share: '0.2' }, { profit: '0.02', share: '0.3' }] } }).takeProfit;
    expect(targets?.map((t) => [t.profit.toString(), t.share.toString()])).toEqual([['0.01', '0.2'], ['0.02', '0.3'], ['0.03', '0.5']]);
  });

  it('refuses a time exit that is not a finite number of hours above 0, and takes fractions of an hour', () => {
    for (const hours of [-1, Number.NaN, Number.POSITIVE_INFINITY]) expect(refusal({ timeExit: { hours } })).toBe(`timeExit.hours: must be > 0, got ${hours}`);
    expect(ExitRules.create({ timeExit: { hours: 0.5 } }).timeExitMs).toBe(1_800_000);
  });

  it('refuses a panic window that is not above 0 minutes, and a cooldown that is not a finite number >= 0', () => {
    expect(refusal(panic({ windowMinutes: 0 }))).toBe('panicSell.windowMinutes: must be > 0, got 0');
    expect(refusal(panic({ drop: '0' }))).toBe('panicSell.drop: must be > 0 and < 1 (0.1 = a 10% fall), got 0');
    expect(refusal(panic({ cooldownMinutes: Number.NaN }))).toBe('panicSell.cooldownMinutes: must be >= 0 minutes, got NaN');
    expect(refusal(panic({ cooldownMinutes: Number.POSITIVE_INFINITY }))).toBe('panicSell.cooldownMinutes: must be >= 0 minutes, got Infinity');
    expect(ExitRules.create(panic({ cooldownMinutes: 0 })).panicSell).toEqual({ drop: expect.anything(), windowMs: 300_000, cooldownMs: 0, reference: null });
  });

  it('takes a reference pair only as BASE/QUOTE in capitals, 1 to 20 characters each, nothing around it', () => {
    for (const reference of ['BTC', 'BTC/', '/USDT', 'btc/usdt', ' BTC/USDT', 'BTC/USDT ', 'BTC/USDT/X', `${'A'.repeat(21)}/USDT`, `BTC/${'U'.repeat(21)}`]) {
      expect(refusal(panic({ reference })), reference).toBe(`panicSell.reference: "${reference}" must look like BASE/QUOTE in capitals`);
    }
    expect(ExitRules.create(panic({ reference: `${'A'.repeat(20)}/1INCH` })).panicSell?.reference).toBe(`${'A'.repeat(20)}/1INCH`);
  });

  it('watches deals with a stop loss, a trailing stop or a time exit, each alone; not with take profit or panic sell alone', () => {
    expect(ExitRules.create({ stopLoss: '0.05' }).watchesDeals).toBe(true);
    expect(ExitRules.create({ trailingStop: { activation: '0.02', distance: '0.01' } }).watchesDeals).toBe(true);
    expect(ExitRules.create({ timeExit: { hours: 1 } }).watchesDeals).toBe(true);
    expect(ExitRules.create({ takeProfit: { targets: [{ profit: '0.01', share: '1' }] } }).watchesDeals).toBe(false);
  });

  it('each rule alone makes rules that are not empty, and gives back the props it was made from', () => {
    const each: ExitRulesProps[] = [{ stopLoss: '0.05' }, { trailingStop: { activation: '0.02', distance: '0.01' } }, { takeProfit: { targets: [{ profit: '0.01', share: '1' }] } }, { timeExit: { hours: 1 } }, panic({})];
    for (const props of each) {
      const rules = ExitRules.create(props);
      expect(rules.isEmpty, JSON.stringify(props)).toBe(false);
      expect(rules.toProps()).toBe(props);
    }
    expect(ExitRules.NONE.isEmpty).toBe(true);
    expect(Object.isFrozen(ExitRules.create({ stopLoss: '0.05' }))).toBe(true);
  });
});

describe('CurrencyPair limits', () => {
  const valid: CurrencyPairProps = { symbol: 'BTC/USDT', orderLifeTime: 600, dealQuota: '100', profitMarkup: '0.01', dealCount: 2 };
  const message = (patch: Partial<CurrencyPairProps>): string => {
    try {
      CurrencyPair.create({ ...valid, ...patch });
    } catch (error) {
      return (error as Error).message;
    }
    return 'accepted';
  };

  it('refuses an order lifetime that is negative or infinite, and a deal count below 1 or not whole', () => {
    expect(message({ orderLifeTime: -1 })).toBe('orderLifeTime: must be > 0 seconds, got -1');
    expect(message({ orderLifeTime: Number.POSITIVE_INFINITY })).toBe('orderLifeTime: must be > 0 seconds, got Infinity');
    expect(message({ dealCount: -1 })).toBe('dealCount: must be an integer >= 1, got -1');
    expect(message({ dealCount: Number.NaN })).toBe('dealCount: must be an integer >= 1, got NaN');
    expect(message({ orderLifeTime: 0.5, dealCount: 1 })).toBe('accepted');
  });

  it('refuses symbols with anything around BASE/QUOTE or parts over 20 characters', () => {
    for (const symbol of [' BTC/USDT', 'BTC/USDT ', 'BTC/USDT/ETH', `${'A'.repeat(21)}/USDT`, 'BTC/']) {
      expect(message({ symbol }), symbol).toBe(`symbol: "${symbol}" must look like BASE/QUOTE in capitals, e.g. BTC/USDT`);
    }
    expect(message({ symbol: 'ETH/ETH' })).toBe('symbol: base and quote must differ in "ETH/ETH"');
  });

  it('keeps its fields, frozen, and gives back props with its exits', () => {
    const pair = CurrencyPair.create({ ...valid, exits: { stopLoss: '0.05' } });
    expect([pair.symbol, pair.orderLifeTime, pair.dealCount]).toEqual(['BTC/USDT', 600, 2]);
    expect(Object.isFrozen(pair)).toBe(true);
    expect(pair.toProps()).toEqual({ ...valid, exits: { stopLoss: '0.05' } });
    expect(pair.exits.stopLoss?.toString()).toBe('0.05');
  });
});
