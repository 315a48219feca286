import { describe, expect, it } from 'vitest';
import { LatestPriceRelay } from '../../../../src/infrastructure/market-data/ccxt/latest-price-relay.js';

/** A consumer that takes `ms` per price and records what it was handed. */
function slowSink(ms: number) {
  const handed: [string, number, number][] = [];
  let running = 0;
  let maxRunning = 0;
  const sink = async (symbol: string, price: number, at: number): Promise<void> => {
    running += 1;
    maxRunning = Math.max(maxRunning, running);
    handed.push([symbol, price, at]);
    await new Promise((resolve) => setTimeout(resolve, ms));
    running -= 1;
  };
  return { sink, handed, maxRunning: () => maxRunning };
}

describe('LatestPriceRelay', () => {
  it('1000 prices of one symbol in a burst: two checks, the first price and the newest', async () => {
    const consumer = slowSink(5);
    const relay = new LatestPriceRelay(consumer.sink, () => undefined);
    for (let i = 1; i <= 1000; i += 1) relay.offer('BTC/USDT', i, 10_000 + i);
    expect(relay.waiting).toBe(1);
    await relay.idle();
    expect(consumer.handed).toEqual([
      ['BTC/USDT', 1, 10_001],
      ['BTC/USDT', 1000, 11_000],
    ]);
    expect(relay.offered).toBe(1000);
    expect(relay.handed).toBe(2);
    expect(consumer.maxRunning()).toBe(1);
  });

  it('what waits is at most one price per symbol, and symbols take turns', async () => {
    const consumer = slowSink(5);
    const relay = new LatestPriceRelay(consumer.sink, () => undefined);
    relay.offer('A', 1, 1);
    for (let i = 0; i < 300; i += 1) for (const s of ['A', 'B', 'C']) relay.offer(s, 100 + i, 100 + i);
    expect(relay.waiting).toBe(3);
    relay.offer('A', 999, 999);
    await relay.idle();
    // A's newer price went behind B and C
    expect(consumer.handed.map(([s, p]) => `${s}${p}`)).toEqual(['A1', 'B399', 'C399', 'A999']);
  });

  it('a price offered while the last check finishes is handed on, not lost', async () => {
    const handed: number[] = [];
    const relay = new LatestPriceRelay(async (_s, price) => {
      handed.push(price);
      await Promise.resolve();
    }, () => undefined);
    relay.offer('A', 1, 1);
    await Promise.resolve();
    relay.offer('A', 2, 2);
    await relay.idle();
    relay.offer('A', 3, 3);
    await relay.idle();
    expect(handed).toEqual([1, 2, 3]);
  });

  it('a failing check is reported and the next price still goes through', async () => {
    const errors: string[] = [];
    const handed: number[] = [];
    const relay = new LatestPriceRelay(
      async (_s, price) => {
        await Promise.resolve();
        if (price === 1) throw new Error('exchange said no');
        handed.push(price);
      },
      (symbol, error) => errors.push(`${symbol}: ${(error as Error).message}`),
    );
    relay.offer('A', 1, 1);
    relay.offer('A', 2, 2);
    await relay.idle();
    expect(errors).toEqual(['A: exchange said no']);
    expect(handed).toEqual([2]);
  });
});
