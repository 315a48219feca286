import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TemporaryExchangeError } from '../../../../src/domain/ports/exchange.errors.js';
import type { CcxtExchange } from '../../../../src/infrastructure/exchange/ccxt/ccxt-exchange.js';
import type { BinanceSim } from '../../../support/binance-sim/binance-sim.js';
import { ManualTime, settle, waitFor } from '../../../support/binance-sim/manual-time.js';
import { cid, connectedOnClock, expectNoSecretsLogged, limitBuy } from './ccxt.fixtures.js';

const T0 = Date.UTC(2024, 0, 1);
let sim: BinanceSim;
let exchange: CcxtExchange;
let time: ManualTime;

beforeEach(async () => {
  time = new ManualTime(T0);
  ({ sim, exchange } = await connectedOnClock(time));
});

afterEach(async () => {
  await exchange.close();
  await sim.stop();
});

expectNoSecretsLogged();

describe('HTTP 429 with Retry-After (simulated clock)', () => {
  it('Retry-After: 7 -> nothing is sent to that host for 7 s, then the waiting calls go out once each', async () => {
    sim.failNext('account', { kind: 'rateLimit', retryAfterSeconds: 7 });
    const balance = exchange.fetchBalance();
    await waitFor(() => time.sleeping === 1, 'the retry to wait on the host gate');
    const id = cid();
    const order = exchange.createOrder(limitBuy(id, '0.01', '20000'));
    const open = exchange.fetchOpenOrders('BTC/USDT');
    await waitFor(() => time.sleeping === 3, 'every call to wait on the host gate');
    const sentBefore = sim.requests().length;

    time.advance(6_999);
    await settle();
    expect(sim.requests()).toHaveLength(sentBefore);
    expect(time.sleeping).toBe(3);

    time.advance(1);
    expect(String((await balance)['USDT']?.free)).toBe('10000');
    expect((await order).clientOrderId).toBe(id);
    await open;
    const after = sim.requests().slice(sentBefore);
    expect(after.map((r) => r.endpoint).sort()).toEqual(['account', 'createOrder', 'openOrderLists', 'openOrders']);
    expect(after.every((r) => r.at >= T0 + 7_000)).toBe(true);
    expect(sim.requests('createOrder')).toHaveLength(1);
  });

  it('a 429 on createOrder is a TemporaryExchangeError with retryAfterMs (not placed, not retried)', async () => {
    sim.failNext('createOrder', { kind: 'rateLimit', retryAfterSeconds: 3 });
    const error = await exchange.createOrder(limitBuy(cid(), '0.01', '20000')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TemporaryExchangeError);
    expect((error as TemporaryExchangeError).retryAfterMs).toBe(3_000);
    expect(sim.requests('createOrder')).toHaveLength(1);
    expect(sim.orders()).toHaveLength(0);
    const next = exchange.fetchBalance();
    await waitFor(() => time.sleeping === 1, 'the next call to wait');
    time.advance(3_000);
    await next;
    expect(sim.requests('account')[0]?.at).toBe(T0 + 3_000);
  });

  it('a 429 without Retry-After backs off exponentially on the clock', async () => {
    sim.failNext('account', { kind: 'rateLimit' }, 2);
    const balance = exchange.fetchBalance();
    await waitFor(() => time.sleeping === 1, 'first backoff');
    time.advance(10);
    await waitFor(() => time.sleeping === 1 && sim.requests('account').length === 2, 'second backoff');
    time.advance(20);
    await balance;
    expect(sim.requests('account').map((r) => r.at - T0)).toEqual([0, 10, 30]);
  });
});
