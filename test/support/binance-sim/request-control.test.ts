import { afterEach, expect, it } from 'vitest';
import { dec } from '../../../src/domain/shared/decimal.js';
import { SystemClock } from '../../../src/infrastructure/clock/system.clock.js';
import { CcxtExchange } from '../../../src/infrastructure/exchange/ccxt/ccxt-exchange.js';
import { BinanceSim, type SimRequestEvent } from './binance-sim.js';
import { waitFor } from './manual-time.js';

/** The simulator's request controls that crash tests rely on: slow and held requests, request events, trimmed history. */

const KEYS = { apiKey: 'ctlKEY-31d7a0', secret: 'ctlSECRET-94be21' };
const MARKET = { base: 'BTC', quote: 'USDT', tickSize: '0.01', stepSize: '0.00001', minQty: '0.00001', minNotional: '5' };

let sim: BinanceSim;
let exchange: CcxtExchange;

afterEach(async () => {
  await exchange.close();
  await sim.stop();
});

async function start(timeoutMs = 2_000): Promise<SimRequestEvent[]> {
  sim = await BinanceSim.start({ markets: [MARKET], balances: { USDT: '1000' }, credentials: KEYS });
  exchange = await CcxtExchange.create({ exchangeId: 'binance', clock: new SystemClock(), credentials: KEYS, urls: sim.urls, timeoutMs, retry: { attempts: 1 } });
  await exchange.loadMarkets();
  const events: SimRequestEvent[] = [];
  sim.onRequest((e) => events.push(e));
  return events;
}

const buy = (clientOrderId: string) => ({ clientOrderId, symbol: 'BTC/USDT', side: 'buy' as const, type: 'limit' as const, amount: dec('0.001'), price: dec('50000') });

it('hold: the request waits until released; applied, it is answered; the events come in order', async () => {
  const events = await start();
  sim.failNext('createOrder', { kind: 'hold' });
  const answer = exchange.createOrder(buy('ctl-1'));
  await waitFor(() => sim.held().length === 1, 'the held request');
  expect(sim.orders()).toEqual([]);
  expect(sim.inFlight).toBe(1);
  const [held] = sim.held();
  expect(held!.request.params['newClientOrderId']).toBe('ctl-1');
  expect(held!.clientGone).toBe(false);
  sim.release(held!.id, { apply: true });
  expect((await answer).status).toBe('open');
  expect(sim.orders().map((o) => o.clientOrderId)).toEqual(['ctl-1']);
  expect(events.filter((e) => e.id === held!.id).map((e) => e.phase)).toEqual(['received', 'applied', 'answered']);
  expect(sim.inFlight).toBe(0);
});

it('hold: a client that gave up (timeout) leaves the request to the test: applied, the order exists unanswered; dropped, it never does', async () => {
  const events = await start(300);
  sim.failNext('createOrder', { kind: 'hold' }, 2);
  await expect(exchange.createOrder(buy('ctl-a'))).rejects.toThrow();
  await expect(exchange.createOrder(buy('ctl-d'))).rejects.toThrow();
  await waitFor(() => sim.held().every((h) => h.clientGone), 'the clients to go');
  const [applied, dropped] = sim.held();
  sim.release(applied!.id, { apply: true });
  sim.release(dropped!.id, { apply: false });
  await waitFor(() => sim.inFlight === 0, 'both requests to end');
  expect(sim.orders().map((o) => o.clientOrderId)).toEqual(['ctl-a']);
  expect(events.filter((e) => e.id === applied!.id).map((e) => e.phase)).toEqual(['received', 'applied']);
  expect(events.filter((e) => e.id === dropped!.id).map((e) => e.phase)).toEqual(['received', 'dropped']);
});

it('slow: applied after beforeMs and answered afterMs later; a client gone before it is applied is dropped', async () => {
  const events = await start(400);
  sim.failNext('createOrder', { kind: 'slow', beforeMs: 100, afterMs: 100 });
  const began = Date.now();
  await exchange.createOrder(buy('ctl-s'));
  expect(Date.now() - began).toBeGreaterThanOrEqual(190);
  sim.failNext('createOrder', { kind: 'slow', beforeMs: 800 });
  await expect(exchange.createOrder(buy('ctl-late'))).rejects.toThrow();
  await waitFor(() => events.some((e) => e.phase === 'dropped'), 'the late request to be dropped', 3_000);
  expect(sim.orders().map((o) => o.clientOrderId)).toEqual(['ctl-s']);
});

it('trimKlines keeps only the latest candles for REST', async () => {
  await start();
  const t0 = Date.UTC(2030, 0, 1);
  for (let k = 0; k < 5; k += 1) sim.pushCandle('BTC/USDT', { openTime: t0 + k * 60_000, open: 1, high: 2, low: 0.5, close: 1.5, volume: 1 });
  sim.trimKlines(2);
  const candles = await exchange.fetchOHLCV('BTC/USDT', '1m', t0);
  expect(candles.map((c) => (c.openTime - t0) / 60_000)).toEqual([3, 4]);
});
