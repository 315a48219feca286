import ccxt from 'ccxt';
import { WebSocket } from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { FatalExchangeError } from '../../../../src/domain/ports/exchange.errors.js';
import type { BinanceSim } from '../../../support/binance-sim/binance-sim.js';
import { waitFor } from '../../../support/binance-sim/manual-time.js';
import { cid, connectorFor, DUMMY, expectNoSecretsLogged, limitBuy, startSim } from './ccxt.fixtures.js';

const MINUTE = 60_000;
let sim: BinanceSim;
const closers: (() => Promise<unknown>)[] = [];

afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  await sim.stop();
});

expectNoSecretsLogged();

async function rawClient(apiKey: string = DUMMY.apiKey, secret: string = DUMMY.secret) {
  const client = new ccxt.pro.binance({ apiKey, secret, enableRateLimit: true, rateLimit: 5, options: { fetchMarkets: { types: ['spot'] }, fetchCurrencies: false, fetchMargins: false } });
  client.urls = { ...client.urls, api: { ...client.urls.api, ...sim.urls.api } };
  await client.loadHttpProxyAgent();
  closers.push(() => client.close());
  return client;
}

describe('local Binance server', () => {
  it('refuses a request signed with the wrong secret (-1022) and an unknown API key (-2015)', async () => {
    sim = await startSim();
    const wrongSecret = await connectorFor(sim, { credentials: { apiKey: DUMMY.apiKey, secret: 'not-the-secret-000' } });
    const wrongKey = await connectorFor(sim, { credentials: { apiKey: 'not-the-key-000', secret: DUMMY.secret } });
    closers.push(() => wrongSecret.close(), () => wrongKey.close());
    await expect(wrongSecret.fetchBalance()).rejects.toBeInstanceOf(FatalExchangeError);
    await expect(wrongKey.fetchBalance()).rejects.toBeInstanceOf(FatalExchangeError);
    expect(sim.requests('account')).toHaveLength(2);
  });

  it('pages klines by startTime and limit, and answers the latest ones without startTime', async () => {
    sim = await startSim();
    for (let i = 0; i < 5; i += 1) sim.pushCandle('BTC/USDT', { openTime: i * MINUTE, open: 1, high: 2, low: 0.5, close: 1 + i, volume: 1 });
    const client = await rawClient();
    expect((await client.fetchOHLCV('BTC/USDT', '1m', MINUTE, 2)).map((c) => c[0])).toEqual([MINUTE, 2 * MINUTE]);
    expect((await client.fetchOHLCV('BTC/USDT', '1m', undefined, 2)).map((c) => c[4])).toEqual([4, 5]);
  });

  it('streams klines to SUBSCRIBEd market connections, with x = final', async () => {
    sim = await startSim();
    const ws = new WebSocket(`${(sim.urls.api['ws'] as { spot: string }).spot}/0`);
    closers.push(async () => ws.close());
    const events: { k: { t: number; x: boolean } }[] = [];
    ws.on('message', (data) => {
      const message = JSON.parse(data.toString()) as { e?: string; k: { t: number; x: boolean } };
      if (message.e === 'kline') events.push(message);
    });
    await new Promise((resolve) => ws.once('open', resolve));
    ws.send(JSON.stringify({ method: 'SUBSCRIBE', params: ['btcusdt@kline_1m'], id: 1 }));
    await waitFor(() => sim.streamStats.open === 1, 'connection');
    await new Promise((resolve) => ws.once('message', resolve));
    sim.pushCandle('BTC/USDT', { openTime: 0, open: 1, high: 2, low: 0.5, close: 1.5, volume: 1 }, { final: false });
    sim.pushCandle('ETH/USDT', { openTime: 0, open: 1, high: 2, low: 0.5, close: 1.5, volume: 1 });
    sim.pushCandle('BTC/USDT', { openTime: 0, open: 1, high: 2, low: 0.5, close: 1.6, volume: 1 });
    await waitFor(() => events.length === 2, 'two events');
    expect(events.map((e) => [e.k.t, e.k.x])).toEqual([
      [0, false],
      [0, true],
    ]);
  });

  it('sends executionReports over the ws-api user data stream that ccxt watchOrders reads', async () => {
    sim = await startSim();
    const exchange = await connectorFor(sim);
    closers.push(() => exchange.close());
    const client = await rawClient();
    await client.loadMarkets();
    const id = cid();
    const first = client.watchOrders('BTC/USDT');
    await waitFor(() => sim.streamStats.user === 1, 'user stream subscription');
    const created = await exchange.createOrder(limitBuy(id, '0.001', '20000'));
    expect((await first).map((o) => [o.clientOrderId, o.status])).toEqual([[id, 'open']]);
    const second = client.watchOrders('BTC/USDT');
    sim.pushCandle('BTC/USDT', { openTime: created.timestamp, open: 20100, high: 20200, low: 19990, close: 20050, volume: 3 });
    const filled = (await second).at(-1);
    expect([filled?.clientOrderId, filled?.status, filled?.filled]).toEqual([id, 'closed', 0.001]);
  });

  it('hands out listenKeys whose /stream/ws/<listenKey> connection carries the raw events', async () => {
    sim = await startSim();
    const exchange = await connectorFor(sim);
    closers.push(() => exchange.close());
    const base = sim.urls.api['public'] as string;
    const answer = await fetch(`${base}/userDataStream`, { method: 'POST', headers: { 'X-MBX-APIKEY': DUMMY.apiKey } });
    const { listenKey } = (await answer.json()) as { listenKey: string };
    expect(listenKey).toMatch(/^[0-9a-f]{60}$/);
    const ws = new WebSocket(`${(sim.urls.api['ws'] as { spot: string }).spot}/${listenKey}`);
    closers.push(async () => ws.close());
    const events: { e: string; c: string; C: string; X: string }[] = [];
    ws.on('message', (data) => events.push(JSON.parse(data.toString()) as { e: string; c: string; C: string; X: string }));
    await new Promise((resolve) => ws.once('open', resolve));
    const id = cid();
    await exchange.createOrder(limitBuy(id, '0.001', '20000'));
    await exchange.cancelOrder('BTC/USDT', id);
    await waitFor(() => events.length === 4, 'two execution reports, each followed by the balance it moved');
    expect(events.map((e) => [e.e, e.c, e.C, e.X])).toEqual([
      ['executionReport', id, '', 'NEW'],
      ['outboundAccountPosition', undefined, undefined, undefined],
      // the cancel's report: `c` the cancel request's id (ccxt sends one), `C` the order's
      ['executionReport', expect.not.stringMatching(id), id, 'CANCELED'],
      ['outboundAccountPosition', undefined, undefined, undefined],
    ]);
    const refused = await fetch(`${base}/userDataStream`, { method: 'POST', headers: { 'X-MBX-APIKEY': 'wrong' } });
    expect(refused.status).toBe(401);
  });
});
