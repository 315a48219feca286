import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { BinanceSim, type BinanceSimOptions } from './binance-sim.js';
import { requestWeight } from './sim-limits.js';

/** The server's REST limits as Binance documents them: request weight per minute, new orders per 10 s and per day. */

const KEYS = { apiKey: 'limKEY-5c21', secret: 'limSECRET-8e07' };
const MARKET = { base: 'BTC', quote: 'USDT', tickSize: '0.01', stepSize: '0.00001', minQty: '0.00001', minNotional: '5' };
const T0 = Date.UTC(2024, 0, 1, 12, 0, 0);

let sim: BinanceSim;
let now = T0;

afterEach(async () => {
  await sim.stop();
});

async function start(options: Partial<BinanceSimOptions> = {}): Promise<void> {
  now = T0;
  sim = await BinanceSim.start({ markets: [MARKET], balances: { USDT: '100000' }, credentials: KEYS, now: () => now, ...options });
}

const base = (): string => sim.urls.api['public'] as string;

async function get(path: string): Promise<{ status: number; body: { code?: number; msg?: string }; headers: Headers }> {
  const response = await fetch(`${base()}/${path}`);
  return { status: response.status, body: (await response.json()) as { code?: number; msg?: string }, headers: response.headers };
}

/** A signed POST /api/v3/order (a limit buy far below the market, so it rests). */
async function placeOrder(clientOrderId: string): Promise<{ status: number; body: { code?: number; msg?: string }; headers: Headers }> {
  const query = new URLSearchParams({ symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.001', price: '10000', newClientOrderId: clientOrderId, timestamp: String(Date.now()) }).toString();
  const signature = createHmac('sha256', KEYS.secret).update(query).digest('hex');
  const response = await fetch(`${base()}/order?${query}&signature=${signature}`, { method: 'POST', headers: { 'X-MBX-APIKEY': KEYS.apiKey } });
  return { status: response.status, body: (await response.json()) as { code?: number; msg?: string }, headers: response.headers };
}

describe('request weight per minute (REQUEST_WEIGHT, per IP)', () => {
  it('every answer carries X-MBX-USED-WEIGHT-1M, each route adding its weight; a new minute starts from zero', async () => {
    await start();
    expect((await get('time')).headers.get('x-mbx-used-weight-1m')).toBe('1');
    expect((await get('exchangeInfo')).headers.get('x-mbx-used-weight-1m')).toBe('21');
    expect((await get('klines?symbol=BTCUSDT&interval=1m')).headers.get('x-mbx-used-weight-1m')).toBe('23');
    const refused = await get('klines?symbol=NOPE&interval=1m');
    expect(refused.status).toBe(400);
    expect(refused.headers.get('x-mbx-used-weight-1m')).toBe('25');
    now = T0 + 59_999;
    expect((await get('ping')).headers.get('x-mbx-used-weight-1m')).toBe('26');
    now = T0 + 60_000;
    expect((await get('ping')).headers.get('x-mbx-used-weight-1m')).toBe('1');
    expect(sim.requests().map((r) => [r.endpoint, r.weight])).toEqual([['time', 1], ['exchangeInfo', 20], ['klines', 2], ['klines', 2], ['ping', 1], ['ping', 1]]);
  });

  it('past the limit: HTTP 429, code -1003, Retry-After in seconds to the next minute; served again once it starts', async () => {
    await start({ rateLimits: { requestWeightPerMinute: 45 } });
    expect((await get('exchangeInfo')).status).toBe(200);
    expect((await get('exchangeInfo')).status).toBe(200);
    now = T0 + 42_500;
    const over = await get('exchangeInfo');
    expect(over.status).toBe(429);
    expect(over.body.code).toBe(-1003);
    expect(over.body.msg).toContain('current limit of IP is 45 requests per minute');
    expect(over.headers.get('retry-after')).toBe('18');
    expect(over.headers.get('x-mbx-used-weight-1m')).toBe('60');
    now = T0 + 60_000;
    expect((await get('exchangeInfo')).status).toBe(200);
  });

  it('exchangeInfo lists the limits the server enforces', async () => {
    await start({ rateLimits: { requestWeightPerMinute: 45 } });
    const info = (await (await fetch(`${base()}/exchangeInfo`)).json()) as { rateLimits: unknown[] };
    expect(info.rateLimits).toEqual([
      { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 45 },
      { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 100 },
      { rateLimitType: 'ORDERS', interval: 'DAY', intervalNum: 1, limit: 200000 },
    ]);
  });

  it('weights follow the documentation where they depend on the parameters', () => {
    const p = (query: string) => new URLSearchParams(query);
    expect(requestWeight('openOrders', p('symbol=BTCUSDT'))).toBe(6);
    expect(requestWeight('openOrders', p(''))).toBe(80);
    expect(requestWeight('ticker24hr', p('symbol=BTCUSDT'))).toBe(2);
    expect(requestWeight('ticker24hr', p(`symbols=${Array.from({ length: 21 }, (_, i) => `A${i}`).join(',')}`))).toBe(40);
    expect(requestWeight('ticker24hr', p(''))).toBe(80);
    expect(requestWeight('myTrades', p('symbol=BTCUSDT&orderId=7'))).toBe(5);
    expect(requestWeight('account', p(''))).toBe(20);
  });
});

describe('new orders per 10 s and per day (ORDERS, per account)', () => {
  it('a successful order answer carries X-MBX-ORDER-COUNT-10S and -1D; past the 10 s limit: 429, code -1015, no Retry-After, nothing placed, nothing counted', async () => {
    await start({ rateLimits: { ordersPer10Seconds: 2 } });
    const first = await placeOrder('lim-1');
    expect(first.status).toBe(200);
    expect([first.headers.get('x-mbx-order-count-10s'), first.headers.get('x-mbx-order-count-1d')]).toEqual(['1', '1']);
    expect((await placeOrder('lim-2')).headers.get('x-mbx-order-count-10s')).toBe('2');
    const over = await placeOrder('lim-3');
    expect(over.status).toBe(429);
    expect(over.body).toEqual({ code: -1015, msg: 'Too many new orders; current limit is 2 orders per 10 SECOND.' });
    expect(over.headers.get('retry-after')).toBeNull();
    expect(over.headers.get('x-mbx-order-count-10s')).toBeNull();
    expect(sim.orders().map((o) => o.clientOrderId)).toEqual(['lim-1', 'lim-2']);
    now = T0 + 10_000;
    const next = await placeOrder('lim-3');
    expect(next.status).toBe(200);
    expect([next.headers.get('x-mbx-order-count-10s'), next.headers.get('x-mbx-order-count-1d')]).toEqual(['1', '3']);
  });

  it('the daily limit holds across 10 s intervals', async () => {
    await start({ rateLimits: { ordersPerDay: 2 } });
    expect((await placeOrder('day-1')).status).toBe(200);
    now = T0 + 10_000;
    expect((await placeOrder('day-2')).status).toBe(200);
    now = T0 + 20_000;
    const over = await placeOrder('day-3');
    expect([over.status, over.body.code, over.body.msg]).toEqual([429, -1015, 'Too many new orders; current limit is 2 orders per DAY.']);
  });
});
