import { describe, expect, it } from 'vitest';
import { dec } from '../../../src/domain/shared/decimal.js';
import { SimulatedClock } from '../../../src/infrastructure/clock/simulated.clock.js';
import { PaperExchange } from '../../../src/infrastructure/exchange/paper/paper.exchange.js';
import { BalanceCache } from '../../../src/interfaces/http/balance-cache.js';

const MARKET = { symbol: 'BTC/USDT', base: 'BTC', quote: 'USDT', amountStep: dec('0.001'), priceStep: dec('0.01'), minAmount: dec('0.001'), minCost: dec('1'), makerFee: dec('0.001'), takerFee: dec('0.001') };

/** A real paper account whose balance reads are counted (each would be a REST call live). */
function countedAccount() {
  const exchange = new PaperExchange({ markets: [MARKET], balances: { USDT: '1000', BTC: '0.5' }, clock: new SimulatedClock(0) });
  const counted = {
    calls: 0,
    failNext: false,
    fetchBalance() {
      counted.calls += 1;
      if (counted.failNext) {
        counted.failNext = false;
        return Promise.reject(new Error('exchange down'));
      }
      return exchange.fetchBalance();
    },
  };
  return counted;
}

describe('BalanceCache: what API readers see of the balances', () => {
  it('two hundred readers at once cost the exchange one call', async () => {
    const account = countedAccount();
    const cache = new BalanceCache(account, () => 0);
    const answers = await Promise.all(Array.from({ length: 200 }, () => cache.get()));
    expect(account.calls).toBe(1);
    expect(answers.every((b) => b['USDT']?.free.toString() === '1000')).toBe(true);
  });

  it('asks again once the answer is maxAgeMs old, not before', async () => {
    const account = countedAccount();
    let now = 0;
    const cache = new BalanceCache(account, () => now, 2_000);
    await cache.get();
    now = 1_999;
    await cache.get();
    expect(account.calls).toBe(1);
    now = 2_000;
    await cache.get();
    expect(account.calls).toBe(2);
  });

  it('gives only the currencies asked for', async () => {
    const cache = new BalanceCache(countedAccount(), () => 0);
    expect(Object.keys(await cache.get(['BTC', 'ETH']))).toEqual(['BTC']);
  });

  it('a failed read fails its readers and the next read asks again', async () => {
    const account = countedAccount();
    const cache = new BalanceCache(account, () => 0);
    account.failNext = true;
    await expect(Promise.all([cache.get(), cache.get()])).rejects.toThrow('exchange down');
    expect(account.calls).toBe(1);
    expect((await cache.get())['BTC']?.total.toString()).toBe('0.5');
    expect(account.calls).toBe(2);
  });
});
