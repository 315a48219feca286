import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DuplicateOrderError,
  FatalExchangeError,
  OrderOutcomeUnknownError,
  OrderRefusedError,
  TemporaryExchangeError,
} from '../../../../src/domain/ports/exchange.errors.js';
import type { CcxtExchange } from '../../../../src/infrastructure/exchange/ccxt/ccxt-exchange.js';
import type { BinanceSim } from '../../../support/binance-sim/binance-sim.js';
import { ManualTime } from '../../../support/binance-sim/manual-time.js';
import { cid, connectorFor, expectNoSecretsLogged, limitBuy, startSim } from './ccxt.fixtures.js';

let sim: BinanceSim;
let exchange: CcxtExchange;
let time: ManualTime;

beforeEach(async () => {
  sim = await startSim();
  // Backoff sleeps move this clock instead of waiting.
  time = new ManualTime(Date.UTC(2024, 0, 1), { auto: true });
  exchange = await connectorFor(sim, { clock: time, sleep: time.sleep, timeoutMs: 1_000 });
  await exchange.loadMarkets();
});

afterEach(async () => {
  await exchange.close();
  await sim.stop();
});

expectNoSecretsLogged();

const caught = (promise: Promise<unknown>): Promise<unknown> => promise.then(
  () => {
    throw new Error('expected a rejection');
  },
  (e: unknown) => e,
);

describe('createOrder: sent once, outcome from the exchange', () => {
  it('timeout after the server placed it: OrderOutcomeUnknownError, one request, then found by clientOrderId with its real status', async () => {
    const id = cid();
    sim.failNext('createOrder', { kind: 'hangAfterApplying' });
    expect(await caught(exchange.createOrder(limitBuy(id, '0.01', '20000')))).toBeInstanceOf(OrderOutcomeUnknownError);
    expect(sim.requests('createOrder')).toHaveLength(1);
    expect(sim.orders()).toHaveLength(1);
    const found = await exchange.fetchOrder('BTC/USDT', id);
    expect([found?.clientOrderId, found?.status, found?.exchangeOrderId]).toEqual([id, 'open', String(sim.orders()[0]?.orderId)]);
    sim.pushCandle('BTC/USDT', { openTime: found!.timestamp, open: 20010, high: 20020, low: 19990, close: 20000, volume: 1 });
    expect((await exchange.fetchOrder('BTC/USDT', id))?.status).toBe('closed');
  });

  it('timeout before the server placed it: OrderOutcomeUnknownError, and fetch by clientOrderId proves it absent', async () => {
    const first = cid();
    sim.failNext('createOrder', { kind: 'hang' });
    expect(await caught(exchange.createOrder(limitBuy(first, '0.01', '20000')))).toBeInstanceOf(OrderOutcomeUnknownError);
    expect(await exchange.fetchOrder('BTC/USDT', first)).toBeNull();
    const retry = cid('b2');
    await exchange.createOrder(limitBuy(retry, '0.01', '20000'));
    expect(sim.openOrders().map((o) => o.clientOrderId)).toEqual([retry]);
    expect(sim.requests('createOrder')).toHaveLength(2);
  });

  it('"Duplicate order sent." answer: DuplicateOrderError naming the clientOrderId', async () => {
    const id = cid();
    sim.failNext('createOrder', { kind: 'duplicate' });
    const error = await caught(exchange.createOrder(limitBuy(id, '0.01', '20000')));
    expect(error).toBeInstanceOf(DuplicateOrderError);
    expect((error as DuplicateOrderError).clientOrderId).toBe(id);
    expect(sim.requests('createOrder')).toHaveLength(1);
  });

  it('a real duplicate (same id while the first is open) is a DuplicateOrderError too', async () => {
    const id = cid();
    await exchange.createOrder(limitBuy(id, '0.01', '20000'));
    expect(await caught(exchange.createOrder(limitBuy(id, '0.01', '20000')))).toBeInstanceOf(DuplicateOrderError);
  });

  it.each([
    ['insufficientFunds', 'insufficient_funds'],
    ['invalidOrder', 'invalid_order'],
  ] as const)('%s: OrderRefusedError(%s), not retried', async (kind, reason) => {
    sim.failNext('createOrder', { kind });
    const error = await caught(exchange.createOrder(limitBuy(cid(), '0.01', '20000')));
    expect(error).toBeInstanceOf(OrderRefusedError);
    expect((error as OrderRefusedError).reason).toBe(reason);
    expect(sim.requests('createOrder')).toHaveLength(1);
  });

  it('refusals from the book itself: a buy beyond the balance, below the minimum notional', async () => {
    const tooBig = await caught(exchange.createOrder(limitBuy(cid(), '1', '20000')));
    expect((tooBig as OrderRefusedError).reason).toBe('insufficient_funds');
    const belowNotional = await caught(exchange.createOrder(limitBuy(cid(), '0.0001', '20000')));
    expect((belowNotional as OrderRefusedError).reason).toBe('invalid_order');
    expect(sim.requests('createOrder')).toHaveLength(2);
  });

  it('an amount or price off the step is refused before sending (ccxt would round it silently)', async () => {
    const offTick = await caught(exchange.createOrder(limitBuy(cid(), '0.01', '20000.005')));
    expect((offTick as OrderRefusedError).reason).toBe('invalid_order');
    const offStep = await caught(exchange.createOrder(limitBuy(cid(), '0.010001', '20000')));
    expect((offStep as OrderRefusedError).reason).toBe('invalid_order');
    expect(sim.requests('createOrder')).toHaveLength(0);
  });

  it.each([
    [{ kind: 'serverError' as const }],
    [{ kind: 'reset' as const }],
  ])('%o on createOrder: OrderOutcomeUnknownError, not retried', async (fault) => {
    sim.failNext('createOrder', fault);
    expect(await caught(exchange.createOrder(limitBuy(cid(), '0.01', '20000')))).toBeInstanceOf(OrderOutcomeUnknownError);
    expect(sim.requests('createOrder')).toHaveLength(1);
  });

  it('timeout on cancelOrder after the server cancelled: OrderOutcomeUnknownError; the order reads canceled', async () => {
    const id = cid();
    await exchange.createOrder(limitBuy(id, '0.01', '20000'));
    sim.failNext('cancelOrder', { kind: 'hangAfterApplying' });
    expect(await caught(exchange.cancelOrder('BTC/USDT', id))).toBeInstanceOf(OrderOutcomeUnknownError);
    expect(sim.requests('cancelOrder')).toHaveLength(1);
    expect((await exchange.fetchOrder('BTC/USDT', id))?.status).toBe('canceled');
  });
});

describe('reads: retried with backoff on temporary trouble', () => {
  it('5xx twice, then the balance', async () => {
    sim.failNext('account', { kind: 'serverError', status: 503 }, 2);
    const before = time.now();
    expect(String((await exchange.fetchBalance())['USDT']?.free)).toBe('10000');
    expect(sim.requests('account').map((r) => r.fault)).toEqual(['serverError', 'serverError', null]);
    expect(time.now() - before).toBe(10 + 20); // exponential backoff on the injected clock
  });

  it('connection reset and a read timeout, then the order', async () => {
    const id = cid();
    await exchange.createOrder(limitBuy(id, '0.01', '20000'));
    sim.failNext('queryOrder', { kind: 'reset' });
    sim.failNext('queryOrder', { kind: 'hang' });
    expect((await exchange.fetchOrder('BTC/USDT', id))?.status).toBe('open');
    expect(sim.requests('queryOrder').map((r) => r.fault)).toEqual(['reset', 'hang', null]);
  });

  it('gives up after the policy attempts with a TemporaryExchangeError', async () => {
    sim.failNext('openOrders', { kind: 'serverError', status: 502 }, 10);
    expect(await caught(exchange.fetchOpenOrders('BTC/USDT'))).toBeInstanceOf(TemporaryExchangeError);
    expect(sim.requests('openOrders')).toHaveLength(4);
  });

  it('HTTP 418 (IP banned): FatalExchangeError at once, on reads and on orders', async () => {
    sim.failNext('account', { kind: 'banned', retryAfterSeconds: 120 });
    expect(await caught(exchange.fetchBalance())).toBeInstanceOf(FatalExchangeError);
    expect(sim.requests('account')).toHaveLength(1);
    time.advance(120_000);
    sim.failNext('createOrder', { kind: 'banned', retryAfterSeconds: 120 });
    expect(await caught(exchange.createOrder(limitBuy(cid(), '0.01', '20000')))).toBeInstanceOf(FatalExchangeError);
    expect(sim.orders()).toHaveLength(0);
  });
});
