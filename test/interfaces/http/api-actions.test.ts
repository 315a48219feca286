import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OperatorActed } from '../../../src/domain/operator/operator-acted.event.js';
import { apiTestConfig, freshDatabase, startApiBot, TEST_TOKEN, waitFor, type ApiBot, type DatabaseKind } from '../../support/api-bot.js';
import { ApiClient } from '../../support/api-client.js';
import { postgresService, serviceAvailable } from '../../support/services.js';

const postgresUp = await serviceAvailable(postgresService());

describe.each<[string, DatabaseKind]>([
  ['SQLite file', 'sqlite'],
  ['PostgreSQL', 'postgres'],
])('REST API actions over a paper bot on %s', (_name, kind) => {
  let bot: ApiBot;
  let api: ApiClient;
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  const operatorEvents = (): OperatorActed[] => bot.events.filter((e): e is OperatorActed => e.type === 'OperatorActed');
  const dealOf = async (id: string) => (await api.get(`/api/v1/deals/${id}`)).json;
  const lastPrice = async (pair: string): Promise<number> => (await api.get('/api/v1/pairs')).json.pairs.find((p: { symbol: string }) => p.symbol === pair).lastPrice;

  beforeAll(async () => {
    if (kind === 'postgres' && !postgresUp) return;
    database = await freshDatabase(kind);
    bot = await startApiBot(apiTestConfig(database.url, database.botPrefix));
    api = new ApiClient(bot.url, TEST_TOKEN);
  }, 60_000);

  afterAll(async () => {
    await bot?.stop();
    await database?.cleanup();
  });

  describe.skipIf(kind === 'postgres' && !postgresUp)('', () => {
    it('pauses every pair, then closes every working deal', async () => {
      const pause = await api.post('/api/v1/trading/pause', { reason: 'tests act by hand' });
      expect(pause.status).toBe(200);
      expect(pause.json).toEqual({ pause: { pair: null, until: null, reason: 'tests act by hand' } });
      const closed = await api.post('/api/v1/trading/close_all');
      expect(closed.status).toBe(200);
      expect(Array.isArray(closed.json.deals)).toBe(true);
      await waitFor(async () => (await api.get('/api/v1/status')).json.openDeals === 0, 20_000);
      expect((await api.get('/api/v1/status')).json.blocks).toContain('new deals paused on every pair until resumed: tests act by hand');
    });

    it('opens a deal now (201), refuses one over the pair\'s dealCount (409), closes it (200), refuses a second close (409)', async () => {
      const price = ((await lastPrice('ETH/USDT')) * 1.05).toFixed(2);
      const opened = await api.post('/api/v1/trading/open_deal', { pair: 'ETH/USDT', price });
      expect(opened.status).toBe(201);
      expect(opened.json.deal).toMatchObject({ pair: 'ETH/USDT', status: 'pending', bought: '0' });
      const id = opened.json.deal.id as string;
      await waitFor(async () => (await dealOf(id)).status === 'open', 20_000);
      const again = await api.post('/api/v1/trading/open_deal', { pair: 'ETH/USDT' });
      expect(again.status).toBe(409);
      expect(again.json).toEqual({ error: 'conflict', message: 'no deal opened on ETH/USDT: dealCount 1 reached' });
      const close = await api.post(`/api/v1/deals/${id}/close`);
      expect(close.status).toBe(200);
      expect(['closing', 'closed']).toContain(close.json.deal.status);
      await waitFor(async () => (await dealOf(id)).status === 'closed', 20_000);
      const shown = await dealOf(id);
      expect(shown.reason).toBe('operator_close');
      expect(shown.pnl).toMatch(/^-?\d/);
      const twice = await api.post(`/api/v1/deals/${id}/close`);
      expect(twice.status).toBe(409);
      expect(twice.json.message).toBe(`deal ${id} is already closed`);
      expect((await api.post('/api/v1/deals/no-such-deal/close')).status).toBe(404);
    });

    it('cancels a pending deal; a second cancel is 409', async () => {
      const opened = await api.post('/api/v1/trading/open_deal', { pair: 'BTC/USDT', price: '1000' });
      expect(opened.status).toBe(201);
      const id = opened.json.deal.id as string;
      const cancelled = await api.post(`/api/v1/deals/${id}/cancel`, {});
      expect(cancelled.status).toBe(200);
      expect(cancelled.json.deal).toMatchObject({ id, status: 'cancelled' });
      const again = await api.post(`/api/v1/deals/${id}/cancel`);
      expect(again.status).toBe(409);
      expect((await api.post('/api/v1/deals/nothing/cancel')).status).toBe(404);
    });

    it('refuses bad bodies with 400 and the field: wrong types, negative or non-decimal amounts, unknown pairs, extra fields', async () => {
      const cases: [unknown, string][] = [
        [{ pair: 'BTC/USDT', price: 61000 }, 'price'],
        [{ pair: 'BTC/USDT', price: '-1' }, 'price'],
        [{ pair: 'BTC/USDT', price: '0' }, 'price'],
        [{ pair: 'BTC/USDT', price: '1e5' }, 'price'],
        [{ pair: 'BTC/USDT', price: 'abc' }, 'price'],
        [{ pair: 'XRP/USDT' }, 'pair'],
        [{ pair: 'btcusdt' }, 'pair'],
        [{ pair: 42 }, 'pair'],
        [{}, 'pair'],
        [{ pair: 'BTC/USDT', amount: '1' }, 'amount'],
      ];
      for (const [body, field] of cases) {
        const answer = await api.post('/api/v1/trading/open_deal', body);
        expect(answer.status, JSON.stringify(body)).toBe(400);
        expect(answer.json.error).toBe('invalid_request');
        expect(answer.json.details.map((d: { field: string }) => d.field), JSON.stringify(body)).toContain(field);
      }
      for (const [path, body, field] of [
        ['/api/v1/trading/pause', { for: '2 hours' }, 'for'],
        ['/api/v1/trading/panic_sell', { cooldownMinutes: -3 }, 'cooldownMinutes'],
        ['/api/v1/trading/panic_sell', { cooldownMinutes: '30' }, 'cooldownMinutes'],
        ['/api/v1/trading/close_all', { pair: 'DOGE/USDT' }, 'pair'],
        ['/api/v1/trading/resume', { everything: true }, 'everything'],
        ['/api/v1/deals/x/close', { now: true }, 'now'],
      ] as const) {
        const answer = await api.post(path, body);
        expect(answer.status, path).toBe(400);
        expect(answer.json.details.map((d: { field: string }) => d.field), path).toContain(field);
      }
      const notJson = await api.call('POST', '/api/v1/trading/close_all', { raw: '{not json' });
      expect(notJson.status).toBe(400);
      expect(notJson.json.error).toBe('invalid_request');
    });

    it('panic sell pauses a pair for its cool-down; pause for a while; resume', async () => {
      const panic = await api.post('/api/v1/trading/panic_sell', { pair: 'BTC/USDT', cooldownMinutes: 30 });
      expect(panic.status).toBe(200);
      expect(panic.json.pausedUntil).toBeGreaterThan(0);
      const pairs = (await api.get('/api/v1/pairs')).json.pairs;
      expect(pairs[0].paused).toMatchObject({ pair: 'BTC/USDT', until: panic.json.pausedUntil });
      const pause = await api.post('/api/v1/trading/pause', { pair: 'ETH/USDT', for: '2h' });
      expect(pause.json.pause.pair).toBe('ETH/USDT');
      expect(pause.json.pause.until).toBeGreaterThan(panic.json.pausedUntil);
      expect((await api.post('/api/v1/trading/resume', { pair: 'BTC/USDT' })).json).toEqual({ resumed: true });
      expect((await api.post('/api/v1/trading/resume', {})).json).toEqual({ resumed: true });
      expect((await api.post('/api/v1/trading/resume')).json).toEqual({ resumed: false });
      await api.post('/api/v1/trading/pause', { reason: 'tests act by hand' });
    });

    it('records each action as an OperatorActed event through the event log', async () => {
      await waitFor(() => operatorEvents().some((e) => e.action === 'pause' && e.parameters.for === '2h'));
      const actions = operatorEvents().map((e) => e.action);
      for (const action of ['pause', 'close_all', 'open_deal', 'close_deal', 'cancel_deal', 'panic_sell', 'resume']) expect(actions).toContain(action);
      const refused = operatorEvents().find((e) => e.action === 'open_deal' && e.status === 409);
      expect(refused?.outcome).toBe('no deal opened on ETH/USDT: dealCount 1 reached');
      // invalid requests did not act and are not recorded
      expect(operatorEvents().some((e) => e.status === 400)).toBe(false);
    });

    it('an Idempotency-Key replays the stored answer without acting again; the same key on another request is 409', async () => {
      const key = `close-all-${kind}`;
      const before = operatorEvents().length;
      const first = await api.post('/api/v1/trading/close_all', { pair: 'BTC/USDT' }, { headers: { 'idempotency-key': key } });
      expect(first.status).toBe(200);
      expect(first.headers.get('idempotent-replayed')).toBeNull();
      const repeat = await api.post('/api/v1/trading/close_all', { pair: 'BTC/USDT' }, { headers: { 'idempotency-key': key } });
      expect(repeat.status).toBe(200);
      expect(repeat.headers.get('idempotent-replayed')).toBe('true');
      expect(repeat.text).toBe(first.text);
      await waitFor(() => operatorEvents().length > before);
      expect(operatorEvents().filter((e) => e.idempotencyKey === key)).toHaveLength(1);
      const otherBody = await api.post('/api/v1/trading/close_all', { pair: 'ETH/USDT' }, { headers: { 'idempotency-key': key } });
      expect(otherBody.status).toBe(409);
      expect(otherBody.json.error).toBe('conflict');
      expect((await api.post('/api/v1/trading/resume', { pair: 'BTC/USDT' }, { headers: { 'idempotency-key': key } })).status).toBe(409);
      expect((await api.post('/api/v1/trading/close_all', {}, { headers: { 'idempotency-key': 'x'.repeat(201) } })).json.details[0].field).toBe('Idempotency-Key');
    });

    it('acts once for calls with the same key at the same time', async () => {
      const key = `together-${kind}`;
      const answers = await Promise.all([1, 2, 3].map(() => api.post('/api/v1/trading/close_all', {}, { headers: { 'idempotency-key': key } })));
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
      expect(answers.filter((a) => a.headers.get('idempotent-replayed') === 'true')).toHaveLength(2);
      expect(new Set(answers.map((a) => a.text)).size).toBe(1);
      await waitFor(() => operatorEvents().some((e) => e.idempotencyKey === key));
      expect(operatorEvents().filter((e) => e.idempotencyKey === key)).toHaveLength(1);
    });

    it('a key whose call began and never ended (a bot killed mid-action) is refused with 409, never acted on twice', async () => {
      const key = `unfinished-${kind}`;
      const body = { pair: 'ETH/USDT', price: '1' };
      const bodyHash = createHash('sha256').update(JSON.stringify(body)).digest('hex');
      // what a bot that died after writing the key, before answering, leaves in the database
      await bot.session.ctx.uow.run((r) => r.apiRequests.add({ key, method: 'POST', path: '/api/v1/trading/open_deal', bodyHash, status: 0, response: '', createdAt: 1_700_000_000_000 }));
      const before = (await api.get('/api/v1/deals?pair=ETH/USDT&limit=500')).json.deals.length;
      const retry = await api.post('/api/v1/trading/open_deal', body, { headers: { 'idempotency-key': key } });
      expect(retry.status).toBe(409);
      expect(retry.json.message).toContain('its outcome was not recorded');
      expect((await api.get('/api/v1/deals?pair=ETH/USDT&limit=500')).json.deals).toHaveLength(before);
    });

    it('a key refused before acting (a pair not traded) may be used again', async () => {
      const key = `refused-${kind}`;
      const refused = await api.post('/api/v1/trading/open_deal', { pair: 'XRP/USDT' }, { headers: { 'idempotency-key': key } });
      expect(refused.status).toBe(400);
      const again = await api.post('/api/v1/trading/resume', { pair: 'ETH/USDT' }, { headers: { 'idempotency-key': key } });
      expect(again.status).toBe(200);
      expect(again.headers.get('idempotent-replayed')).toBeNull();
    });

    it('replays an Idempotency-Key across a restart of the bot, and keeps the pause', async () => {
      const key = `restart-${kind}`;
      const first = await api.post('/api/v1/trading/open_deal', { pair: 'BTC/USDT', price: '1000' }, { headers: { 'idempotency-key': key } });
      expect(first.status).toBe(201);
      await bot.stop();
      bot = await startApiBot(apiTestConfig(database.url, database.botPrefix));
      api = new ApiClient(bot.url, TEST_TOKEN);
      const repeat = await api.post('/api/v1/trading/open_deal', { pair: 'BTC/USDT', price: '1000' }, { headers: { 'idempotency-key': key } });
      expect(repeat.status).toBe(201);
      expect(repeat.headers.get('idempotent-replayed')).toBe('true');
      expect(repeat.text).toBe(first.text);
      const deals = (await api.get('/api/v1/deals?pair=BTC/USDT&status=pending&limit=500')).json.deals;
      expect(deals.filter((d: { id: string }) => d.id === first.json.deal.id)).toHaveLength(1);
      expect(deals).toHaveLength(1);
      // the operator's pause outlives the restart
      expect((await api.get('/api/v1/status')).json.blocks).toContain('new deals paused on every pair until resumed: tests act by hand');
    }, 60_000);
  });
});
