import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiTestConfig, freshDatabase, startApiBot, TEST_TOKEN, waitFor, type ApiBot, type DatabaseKind } from '../../support/api-bot.js';
import { ApiClient } from '../../support/api-client.js';
import { postgresService, serviceAvailable } from '../../support/services.js';

const postgresUp = await serviceAvailable(postgresService());

describe.each<[string, DatabaseKind]>([
  ['SQLite file', 'sqlite'],
  ['PostgreSQL', 'postgres'],
])('REST API pairs over a paper bot on %s', (_name, kind) => {
  let bot: ApiBot;
  let api: ApiClient;
  let database: Awaited<ReturnType<typeof freshDatabase>>;

  beforeAll(async () => {
    if (kind === 'postgres' && !postgresUp) return;
    database = await freshDatabase(kind);
    bot = await startApiBot(apiTestConfig(database.url, database.botPrefix));
    api = new ApiClient(bot.url, TEST_TOKEN);
    await api.post('/api/v1/trading/pause', { reason: 'pairs tests' });
  }, 60_000);

  afterAll(async () => {
    await bot?.stop();
    await database?.cleanup();
  });

  describe.skipIf(kind === 'postgres' && !postgresUp)('', () => {
    it('lists the pairs of the config with their settings and source', async () => {
      const { status, json } = await api.get('/api/v1/pairs');
      expect(status).toBe(200);
      expect(json.pairs.map((p: { symbol: string; bot: string; source: string }) => [p.symbol, p.bot, p.source])).toEqual([
        ['BTC/USDT', 'default', 'config'],
        ['ETH/USDT', 'default', 'config'],
      ]);
    });

    it('changes a pair\'s settings (PATCH), which then come from the API', async () => {
      const changed = await api.call('PATCH', '/api/v1/pairs/ETH/USDT', { body: { dealQuota: '250', dealCount: 2, cooldownMinutes: 15, exits: { stopLoss: '0.05' } } });
      expect(changed.status).toBe(200);
      expect(changed.json.pair).toMatchObject({ symbol: 'ETH/USDT', dealQuota: '250', dealCount: 2, cooldownMinutes: 15, profitMarkup: '0.005', source: 'api', exits: { stopLoss: '0.05' } });
      expect((await api.get('/api/v1/pairs')).json.pairs[1]).toMatchObject({ dealQuota: '250', source: 'api' });
    });

    it('refuses bad pair changes: 400 with the field, 404 for an unknown pair, 409 for one already traded', async () => {
      const cases: [string, string, unknown, string][] = [
        ['PATCH', '/api/v1/pairs/ETH/USDT', { symbol: 'ETH/USDT' }, 'symbol'],
        ['PATCH', '/api/v1/pairs/ETH/USDT', { dealCount: 0 }, 'dealCount'],
        ['PATCH', '/api/v1/pairs/ETH/USDT', { cooldownMinutes: -1 }, 'cooldownMinutes'],
        ['PATCH', '/api/v1/pairs/ETH/USDT', { dealQuota: 300 }, 'dealQuota'],
        ['PATCH', '/api/v1/pairs/ETH/USDT', { profitMarkup: '-0.01' }, 'profitMarkup'],
        ['PATCH', '/api/v1/pairs/ETH/USDT', { exits: { stopLoss: 'lots' } }, 'exits.stopLoss'],
        ['PATCH', '/api/v1/pairs/eth/usdt', {}, 'base'],
        ['POST', '/api/v1/pairs', { symbol: 'ADA/USDT', dealQuota: '10', profitMarkup: '0.01', dealCount: 1 }, 'orderLifeTime'],
        ['POST', '/api/v1/pairs', { symbol: 'ADA-USDT', dealQuota: '10', profitMarkup: '0.01', dealCount: 1, orderLifeTime: 60 }, 'symbol'],
      ];
      for (const [method, path, body, field] of cases) {
        const answer = await api.call(method, path, { body });
        expect(answer.status, `${method} ${JSON.stringify(body)}`).toBe(400);
        expect(answer.json.details.map((d: { field: string }) => d.field), JSON.stringify(body)).toContain(field);
      }
      const unknown = await api.call('PATCH', '/api/v1/pairs/XRP/USDT', { body: { dealCount: 1 } });
      expect(unknown.status).toBe(404);
      expect(unknown.json).toEqual({ error: 'not_found', message: 'pair XRP/USDT is not traded by this bot' });
      expect((await api.call('DELETE', '/api/v1/pairs/XRP/USDT')).status).toBe(404);
      const twice = await api.post('/api/v1/pairs', { symbol: 'BTC/USDT', dealQuota: '10', profitMarkup: '0.01', dealCount: 1, orderLifeTime: 60 });
      expect(twice.status).toBe(409);
      expect(twice.json.message).toBe('pair BTC/USDT is already traded');
    });

    it('adds a pair that has a paper market (201) and trades it; one without is 400 naming the symbol', async () => {
      const added = await api.post('/api/v1/pairs', { symbol: 'SOL/USDT', dealQuota: '200', profitMarkup: '0.006', dealCount: 1, orderLifeTime: 600 });
      expect(added.status).toBe(201);
      expect(added.json.pair).toMatchObject({ symbol: 'SOL/USDT', dealQuota: '200', dealCount: 1, source: 'api', workingDeals: 0 });
      const ticks = bot.session.loop.stats.ticks;
      await waitFor(() => bot.session.loop.stats.ticks > ticks + 2);
      expect((await api.get('/api/v1/candles?pair=SOL/USDT')).json.candles.length).toBeGreaterThan(0);
      const opened = await api.post('/api/v1/trading/open_deal', { pair: 'SOL/USDT', price: '1' });
      expect(opened.status).toBe(201);
      expect((await api.post(`/api/v1/deals/${opened.json.deal.id}/cancel`)).json.deal.status).toBe('cancelled');
      const unknown = await api.post('/api/v1/pairs', { symbol: 'ADA/USDT', dealQuota: '10', profitMarkup: '0.01', dealCount: 1, orderLifeTime: 60 });
      expect(unknown.status).toBe(400);
      expect(unknown.json.details).toEqual([{ field: 'symbol', message: expect.stringMatching(/^ADA\/USDT has no paper market/) }]);
    });

    it('refuses to remove a pair with working deals (409), removes it once they are gone', async () => {
      const opened = await api.post('/api/v1/trading/open_deal', { pair: 'ETH/USDT', price: '1' });
      expect(opened.status).toBe(201);
      const refused = await api.call('DELETE', '/api/v1/pairs/ETH/USDT');
      expect(refused.status).toBe(409);
      expect(refused.json.message).toMatch(/^pair ETH\/USDT has 1 working deals/);
      expect((await api.post(`/api/v1/deals/${opened.json.deal.id}/cancel`)).status).toBe(200);
      const removed = await api.call('DELETE', '/api/v1/pairs/ETH/USDT');
      expect(removed.status).toBe(200);
      expect(removed.json).toEqual({ removed: 'ETH/USDT' });
      expect((await api.get('/api/v1/pairs')).json.pairs.map((p: { symbol: string }) => p.symbol)).toEqual(['BTC/USDT', 'SOL/USDT']);
      expect((await api.post('/api/v1/trading/open_deal', { pair: 'ETH/USDT' })).status).toBe(400);
      expect((await api.get('/api/v1/status')).json.pairs.map((p: { pair: string }) => p.pair)).toEqual(['BTC/USDT', 'SOL/USDT']);
      expect(bot.events.filter((e) => e.type === 'OperatorActed').map((e) => (e as { action: string }).action)).toEqual(expect.arrayContaining(['add_pair', 'update_pair', 'remove_pair']));
    });

    it('keeps the pairs as the API left them across a restart: changed, added, removed', async () => {
      await bot.stop();
      bot = await startApiBot(apiTestConfig(database.url, database.botPrefix));
      api = new ApiClient(bot.url, TEST_TOKEN);
      const pairs = (await api.get('/api/v1/pairs')).json.pairs;
      expect(pairs.map((p: { symbol: string; source: string }) => [p.symbol, p.source])).toEqual([
        ['BTC/USDT', 'config'],
        ['SOL/USDT', 'api'],
      ]);
    }, 60_000);
  });
});
