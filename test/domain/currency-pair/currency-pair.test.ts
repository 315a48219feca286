import { describe, expect, it } from 'vitest';
import { CurrencyPair, type CurrencyPairProps } from '../../../src/domain/currency-pair/currency-pair.entity.js';
import { ValidationError } from '../../../src/domain/shared/domain-error.js';

const valid: CurrencyPairProps = { symbol: 'BTC/USDT', orderLifeTime: 600, dealQuota: '100', profitMarkup: '0.01', dealCount: 2 };

describe('CurrencyPair', () => {
  it('splits the symbol and keeps exact decimals', () => {
    const pair = CurrencyPair.create(valid);
    expect([pair.base, pair.quote]).toEqual(['BTC', 'USDT']);
    expect(pair.dealQuota.toString()).toBe('100');
    expect(pair.profitMarkup.toString()).toBe('0.01');
    expect(CurrencyPair.create(pair.toProps())).toEqual(pair);
  });

  const bad: [Partial<CurrencyPairProps>, string][] = [
    [{ symbol: 'BTCUSDT' }, 'symbol: "BTCUSDT" must look like BASE/QUOTE'],
    [{ symbol: 'btc/usdt' }, 'symbol: "btc/usdt" must look like BASE/QUOTE'],
    [{ symbol: 'BTC/BTC' }, 'symbol: base and quote must differ'],
    [{ dealQuota: '0' }, 'dealQuota: must be > 0, got 0'],
    [{ dealQuota: '-5' }, 'dealQuota: must be > 0, got -5'],
    [{ dealQuota: 'abc' }, 'dealQuota: must be a decimal number'],
    [{ profitMarkup: 0 }, 'profitMarkup: must be > 0, got 0'],
    [{ dealCount: 0 }, 'dealCount: must be an integer >= 1, got 0'],
    [{ dealCount: 1.5 }, 'dealCount: must be an integer >= 1, got 1.5'],
    [{ orderLifeTime: 0 }, 'orderLifeTime: must be > 0 seconds, got 0'],
    [{ orderLifeTime: Number.NaN }, 'orderLifeTime: must be > 0 seconds, got NaN'],
  ];
  for (const [change, message] of bad) {
    it(`refuses ${JSON.stringify(change)}`, () => {
      expect(() => CurrencyPair.create({ ...valid, ...change })).toThrow(ValidationError);
      expect(() => CurrencyPair.create({ ...valid, ...change })).toThrow(message);
    });
  }
});
