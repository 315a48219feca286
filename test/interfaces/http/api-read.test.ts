import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiTestConfig, freshDatabase, startApiBot, TEST_TOKEN, waitFor, type ApiBot, type DatabaseKind } from '../../support/api-bot.js';
import { ApiClient } from '../../support/api-client.js';
import { postgresService, serviceAvailable } from '../../support/services.js';

const postgresUp = await serviceAvailable(postgresService());

describe.each<[string, DatabaseKind]>([
  ['SQLite file', 'sqlite'],
  ['PostgreSQL', 'postgres'],
])('REST API reads over a paper bot on %s', (_name, kind) => {
  let bot: ApiBot;
  let api: ApiClient;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    if (kind === 'postgres' && !postgresUp) return;
    const db = await freshDatabase(kind);
    cleanup = db.cleanup;
    bot = await startApiBot(apiTestConfig(db.url, db.botPrefix));
    api = new ApiClient(bot.url, TEST_TOKEN);
    // a few ticks, so that candles, equity and indicators have something to show
    await waitFor(() => bot.session.loop.stats.ticks >= 40, 20_000);
  }, 60_000);

  afterAll(async () => {
    await bot?.stop();
    await cleanup?.();
  });

  describe.skipIf(kind === 'postgres' && !postgresUp)('', () => {
    it('serves health without a token, and nothing else', async () => {
      const health = await api.get('/api/v1/health', { token: null });
      expect(health.status).toBe(200);
      expect(health.json).toMatchObject({ status: 'ok', trading: true });
      expect(health.json.uptimeSeconds).toBeGreaterThanOrEqual(0);
      for (const path of ['/api/v1/status', '/api/v1/deals', '/api/v1/pairs', '/api/v1/metrics', '/api/v1/openapi.json', '/api/v1/no-such-route', '/docs']) {
        const answer = await api.get(path, { token: null });
        expect(answer.status, path).toBe(401);
        expect(answer.json, path).toEqual({ error: 'unauthorized', message: 'send Authorization: Bearer <DEALBOT_API_TOKEN>' });
      }
    });

    it('refuses a wrong token, one of another length and a non-bearer scheme with 401', async () => {
      for (const token of [`${TEST_TOKEN.slice(0, -1)}x`, 'short', `${TEST_TOKEN}${TEST_TOKEN}`]) {
        expect((await api.get('/api/v1/status', { token })).status).toBe(401);
      }
      expect((await api.get('/api/v1/status', { token: null, headers: { authorization: `Basic ${TEST_TOKEN}` } })).status).toBe(401);
    });

    it('answers 401 saying the token is not set when the API runs without one', async () => {
      const open = await bot.serveAnother({ token: null });
      const bare = new ApiClient(open.url, null);
      expect((await bare.get('/api/v1/health')).status).toBe(200);
      const status = await bare.get('/api/v1/status', { token: 'anything' });
      expect(status.status).toBe(401);
      expect(status.json.message).toMatch(/DEALBOT_API_TOKEN is not set/);
      await open.close();
    });

    it('GET /status: mode, pairs with their last candle and indicators, blocks', async () => {
      const { status, json } = await api.get('/api/v1/status');
      expect(status).toBe(200);
      expect(json).toMatchObject({ mode: 'paper', timeframe: '1m', openDeals: expect.any(Number), blocks: expect.any(Array) });
      expect(json.ticks).toBeGreaterThanOrEqual(40);
      expect(json.pairs.map((p: { pair: string }) => p.pair)).toEqual(['BTC/USDT', 'ETH/USDT']);
      const btc = json.pairs[0];
      expect(btc.lastCandle).toMatchObject({ openTime: expect.any(Number), close: expect.any(Number) });
      expect(btc.indicators.rsi).toBeGreaterThan(0);
      expect(btc.indicators.rsi).toBeLessThan(100);
      expect(typeof btc.indicators.histogram).toBe('number');
    });

    it('GET /deals pages oldest first with a cursor, and filters', async () => {
      await waitFor(async () => (await api.get('/api/v1/deals')).json.deals.length >= 2, 30_000);
      const all = (await api.get('/api/v1/deals?limit=500')).json.deals as { id: string; createdAt: number; pair: string; status: string }[];
      const first = await api.get('/api/v1/deals?limit=1');
      expect(first.status).toBe(200);
      expect(first.json.deals).toHaveLength(1);
      expect(first.json.deals[0].id).toBe(all[0]!.id);
      expect(typeof first.json.nextCursor).toBe('string');
      const second = await api.get(`/api/v1/deals?limit=1&cursor=${first.json.nextCursor}`);
      expect(second.json.deals[0].id).toBe(all[1]!.id);
      const btc = await api.get('/api/v1/deals?pair=BTC/USDT&limit=500');
      expect(btc.json.deals.every((d: { pair: string }) => d.pair === 'BTC/USDT')).toBe(true);
      const late = await api.get(`/api/v1/deals?from=${all[1]!.createdAt}&limit=500`);
      expect(late.json.deals.every((d: { createdAt: number }) => d.createdAt >= all[1]!.createdAt)).toBe(true);
      const deal = all[0]!;
      expect(deal).toMatchObject({ bought: expect.stringMatching(/^\d/), sold: expect.any(String), recovered: false });
      expect(all.every((d) => (d as { bot?: string }).bot === 'default')).toBe(true);
      expect((await api.get('/api/v1/deals?bot=default&limit=500')).json.deals).toHaveLength(all.length);
      expect((await api.get('/api/v1/deals?bot=dca-majors&limit=500')).json.deals).toEqual([]);
    });

    it('GET /deals refuses bad filters with field details', async () => {
      const cases: [string, string][] = [
        ['limit=0', 'limit'],
        ['limit=501', 'limit'],
        ['limit=abc', 'limit'],
        ['status=finished', 'status'],
        ['pair=btc-usdt', 'pair'],
        ['bot=Not_A_Bot', 'bot'],
        ['from=-5', 'from'],
        ['cursor=garbage', 'cursor'],
        ['colour=red', 'colour'],
      ];
      for (const [query, field] of cases) {
        const answer = await api.get(`/api/v1/deals?${query}`);
        expect(answer.status, query).toBe(400);
        expect(answer.json.error, query).toBe('invalid_request');
        expect(answer.json.details.map((d: { field: string }) => d.field), query).toContain(field);
      }
    });

    it('GET /deals/:id shows the orders with their fills; an unknown id is 404', async () => {
      const [deal] = (await api.get('/api/v1/deals?limit=1')).json.deals;
      const shown = await api.get(`/api/v1/deals/${deal.id}`);
      expect(shown.status).toBe(200);
      expect(shown.json.id).toBe(deal.id);
      const buy = shown.json.orders[0];
      expect(buy).toMatchObject({ side: 'buy', type: 'limit', feeCurrency: 'USDT', clientOrderId: expect.stringContaining(bot.config.botPrefix) });
      if (buy.fills.length > 0) expect(buy.fills[0]).toMatchObject({ tradeId: expect.any(String), price: expect.any(String), at: expect.any(Number) });
      const missing = await api.get('/api/v1/deals/no-such-deal');
      expect(missing.status).toBe(404);
      expect(missing.json).toEqual({ error: 'not_found', message: 'no deal no-such-deal' });
    });

    it('GET /pairs, /balances, /candles and /equity', async () => {
      const pairs = await api.get('/api/v1/pairs');
      expect(pairs.status).toBe(200);
      expect(pairs.json.pairs[1]).toMatchObject({ symbol: 'ETH/USDT', dealQuota: '300', profitMarkup: '0.005', dealCount: 1, orderLifeTime: 900, source: 'config', paused: null });
      expect(pairs.json.pairs[1].lastPrice).toBeGreaterThan(0);
      const balances = await api.get('/api/v1/balances');
      expect(balances.json.balances.find((b: { currency: string }) => b.currency === 'USDT')).toMatchObject({ free: expect.stringMatching(/^\d/), total: expect.any(String) });
      const candles = await api.get('/api/v1/candles?pair=BTC/USDT&limit=30');
      expect(candles.status).toBe(200);
      expect(candles.json).toMatchObject({ pair: 'BTC/USDT', timeframe: '1m' });
      expect(candles.json.candles).toHaveLength(30);
      expect(candles.json.indicators.rsi.length).toBeGreaterThan(0);
      expect(candles.json.indicators.rsi[0]).toHaveLength(2);
      expect((await api.get('/api/v1/candles?pair=XRP/USDT')).status).toBe(400);
      expect((await api.get('/api/v1/candles')).json.details[0].field).toBe('pair');
      const equity = await api.get('/api/v1/equity?limit=5');
      expect(equity.json.quote).toBe('USDT');
      expect(equity.json.points).toHaveLength(5);
      expect(equity.json.points[0][1]).toMatch(/^\d+(\.\d+)?$/);
    });

    it('GET /metrics in the Prometheus text format', async () => {
      const metrics = await api.get('/api/v1/metrics');
      expect(metrics.status).toBe(200);
      expect(metrics.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      for (const name of ['dealbot_ticks_total', 'dealbot_deals{status=', 'dealbot_orders{status=', 'dealbot_tick_to_order_seconds_bucket{le="+Inf"}', 'dealbot_http_request_duration_seconds_count{']) expect(metrics.text).toContain(name);
      expect(Number(/^dealbot_ticks_total (\d+)$/m.exec(metrics.text)?.[1])).toBeGreaterThanOrEqual(40);
    });

    it('an unknown route is a JSON 404', async () => {
      const answer = await api.get('/api/v1/nothing-here');
      expect(answer.status).toBe(404);
      expect(answer.json.error).toBe('not_found');
    });

    it('never puts the token in an answer', () => {
      expect(api.answers.length).toBeGreaterThan(10);
      for (const answer of api.answers) expect(answer.text).not.toContain(TEST_TOKEN);
    });
  });
});
