import { request as httpRequest } from 'node:http';
import { validate } from '@readme/openapi-parser';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ConfigError } from '../../../src/infrastructure/config/config-error.js';
import { BotWatch } from '../../../src/interfaces/http/bot-watch.js';
import { buildApiServer } from '../../../src/interfaces/http/server.js';
import { EventStream } from '../../../src/interfaces/http/sse.js';
import { checkApiBind } from '../../../src/main/api.js';
import { apiTestConfig, freshDatabase, startApiBot, TEST_TOKEN, waitFor, type ApiBot } from '../../support/api-bot.js';
import { ApiClient } from '../../support/api-client.js';

/** The routes Fastify serves, as `METHOD /path`, from its printed route tree (4 columns a level). */
function servedRoutes(tree: string): string[] {
  const routes: string[] = [];
  const segments: string[] = [];
  for (const line of tree.split('\n')) {
    const at = line.indexOf('── ');
    if (at < 0) continue;
    const depth = (at - 1) / 4;
    const match = /^(.*?)(?: \(([A-Z, ]+)\))?$/.exec(line.slice(at + 3))!;
    segments.length = depth;
    segments[depth] = match[1]!;
    if (match[2] !== undefined) for (const method of match[2].split(', ')) routes.push(`${method} ${segments.join('')}`);
  }
  return routes;
}

/** A second API server over the bot's session with its own event stream, for looking inside. */
async function ownServer(bot: ApiBot) {
  const events = new EventStream(50);
  bot.publisher.subscribe((batch) => events.publish(batch));
  const watch = new BotWatch(Date.now);
  watch.loopWatch.started?.();
  const app = await buildApiServer({ token: TEST_TOKEN, loop: bot.session.loop, ctx: bot.session.loop.context, bot: { mode: 'paper', exchange: 'paper', timeframe: '1m' }, watch, events, indicators: bot.config.strategy, pingMs: 200 });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address() as { port: number };
  return { app, events, url: `http://127.0.0.1:${address.port}` };
}

/** Reads an event stream until `until` says it has seen enough. */
function readEvents(url: string, headers: Record<string, string>, until: (text: string) => boolean, timeoutMs = 15_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { headers }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        text += chunk;
        if (until(text)) {
          request.destroy();
          resolve(text);
        }
      });
      response.on('end', () => resolve(`${text}(ended by the server)`));
    });
    request.on('error', (error) => (error.message.includes('socket hang up') ? undefined : reject(error)));
    setTimeout(() => {
      request.destroy();
      reject(new Error('the event stream did not bring what was waited for'));
    }, timeoutMs);
    request.end();
  });
}

describe('REST API transport: OpenAPI, events, limits, sessions', () => {
  let bot: ApiBot;
  let api: ApiClient;
  let cleanup: () => Promise<void>;
  let own: Awaited<ReturnType<typeof ownServer>>;

  beforeAll(async () => {
    const db = await freshDatabase('sqlite');
    cleanup = db.cleanup;
    bot = await startApiBot(apiTestConfig(db.url, db.botPrefix), { pingMs: 200 });
    api = new ApiClient(bot.url, TEST_TOKEN);
    own = await ownServer(bot);
  }, 60_000);

  afterAll(async () => {
    await own?.app.close();
    await bot?.stop();
    await cleanup?.();
  });

  it('serves an OpenAPI 3 document that validates and names every route the server serves', async () => {
    const answer = await api.get('/api/v1/openapi.json');
    expect(answer.status).toBe(200);
    const document = answer.json;
    const result = await validate(structuredClone(document));
    expect(result.valid ? [] : result.errors).toEqual([]);
    const documented = new Set(Object.entries(document.paths as Record<string, Record<string, unknown>>).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`)));
    const routes = servedRoutes(own.app.printRoutes({ commonPrefix: false })).filter((r) => r.includes(' /api/') && !r.startsWith('HEAD '));
    expect(routes.length).toBeGreaterThan(15);
    expect(routes.filter((r) => !documented.has(r))).toEqual([]);
    expect(document.paths['/api/v1/deals/{id}/close'].post.requestBody).toBeDefined();
  });

  it('streams committed events live with ids, pings, and resumes after Last-Event-ID', async () => {
    const auth = { authorization: `Bearer ${TEST_TOKEN}` };
    const live = readEvents(`${own.url}/api/v1/events`, auth, (text) => text.includes('event: OperatorActed') && text.includes(': ping'));
    await waitFor(() => own.events.clients > 0);
    await api.post('/api/v1/trading/pause', { reason: 'seen on the stream' });
    const text = await live;
    const frame = /id: (\d+)\nevent: OperatorActed\ndata: (.+)\n/.exec(text);
    expect(frame).not.toBeNull();
    expect(JSON.parse(frame![2]!)).toMatchObject({ type: 'OperatorActed', action: 'pause', status: 200, parameters: { reason: 'seen on the stream' } });
    const id = Number(frame![1]);
    await api.post('/api/v1/trading/resume', {});
    const resumed = await readEvents(`${own.url}/api/v1/events`, { ...auth, 'last-event-id': String(id) }, (t) => /"action":"resume"/.test(t));
    const ids = [...resumed.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]));
    expect(ids.length).toBeGreaterThan(0);
    expect(Math.min(...ids)).toBe(id + 1);
    // the closed streams let go of their subscriptions and pings
    await waitFor(() => own.events.clients === 0);
  });

  it('closes with an event stream open: the server ends the streams instead of waiting for them', async () => {
    const other = await bot.serveAnother({});
    const stream = readEvents(`${other.url}/api/v1/events`, { authorization: `Bearer ${TEST_TOKEN}` }, () => false, 5_000);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const started = Date.now();
    await other.close();
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(await stream).toBe(': connected\n\n(ended by the server)');
  });

  it('answers 413 to a body over 16 KiB', async () => {
    const answer = await api.call('POST', '/api/v1/trading/pause', { raw: JSON.stringify({ reason: 'x'.repeat(17 * 1024) }) });
    expect(answer.status).toBe(413);
    expect(answer.json).toEqual({ error: 'payload_too_large', message: 'the body is over 16 KiB' });
  });

  it('answers 415 to a body that is not JSON', async () => {
    const answer = await api.call('POST', '/api/v1/trading/pause', { raw: 'reason=plain', contentType: 'text/plain' });
    expect(answer.status).toBe(415);
    expect(answer.json).toEqual({ error: 'unsupported_media_type', message: 'send the body as application/json' });
    const form = await api.call('POST', '/api/v1/trading/pause', { raw: 'reason=form', contentType: 'application/x-www-form-urlencoded' });
    expect(form.status).toBe(415);
  });

  it('rate limits mutating calls per client: 429 past the limit, reads unaffected', async () => {
    const limited = await bot.serveAnother({ rateLimit: { max: 3, windowMs: 60_000 } });
    const client = new ApiClient(limited.url, TEST_TOKEN);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1) statuses.push((await client.post('/api/v1/trading/resume', {})).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    const refused = await client.post('/api/v1/trading/resume', {});
    expect(refused.json.error).toBe('rate_limited');
    expect((await client.get('/api/v1/status')).status).toBe(200);
    await limited.close();
  });

  it('signs the dashboard in with a cookie that is not the token; mutating calls need X-Dealbot-Request', async () => {
    const wrong = await api.call('POST', '/login', { raw: 'token=nope', contentType: 'application/x-www-form-urlencoded', token: null });
    expect(wrong.status).toBe(401);
    const login = await api.call('POST', '/login', { raw: `token=${TEST_TOKEN}`, contentType: 'application/x-www-form-urlencoded', token: null });
    expect(login.status).toBe(303);
    const cookie = login.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^dealbot_session=[^;]+; Path=\/; HttpOnly; SameSite=Strict; Max-Age=\d+$/);
    expect(cookie).not.toContain(TEST_TOKEN);
    const session = cookie.split(';')[0]!;
    expect((await api.get('/api/v1/status', { token: null, headers: { cookie: session } })).status).toBe(200);
    const forged = await api.post('/api/v1/trading/resume', {}, { token: null, headers: { cookie: session } });
    expect(forged.status).toBe(401);
    expect(forged.json.message).toMatch(/X-Dealbot-Request: 1/);
    expect((await api.post('/api/v1/trading/resume', {}, { token: null, headers: { cookie: session, 'x-dealbot-request': '1' } })).status).toBe(200);
    const json = await api.call('POST', '/login', { body: { token: TEST_TOKEN }, token: null });
    expect(json.json).toEqual({ signedIn: true });
    const logout = await api.call('POST', '/logout', { token: null, headers: { cookie: session } });
    expect(logout.headers.get('set-cookie')).toMatch(/Max-Age=0/);
    expect((await api.get('/api/v1/status', { token: null, headers: { cookie: session } })).status).toBe(401);
  });

  it('sends no CORS header, even to a cross-origin caller', async () => {
    const answer = await api.get('/api/v1/status', { headers: { origin: 'https://evil.example' } });
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await api.call('OPTIONS', '/api/v1/trading/close_all', { headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses to serve beyond loopback without a token, in one line', () => {
    expect(() => checkApiBind('0.0.0.0', null)).toThrow(ConfigError);
    expect(() => checkApiBind('0.0.0.0', null)).toThrow(/^api: 0\.0\.0\.0 is not a loopback address: set DEALBOT_API_TOKEN/);
    expect(() => checkApiBind('127.0.0.1', null)).not.toThrow();
    expect(() => checkApiBind('::1', null)).not.toThrow();
    expect(() => checkApiBind('0.0.0.0', 'a-token')).not.toThrow();
  });

  it('answers a failure inside the bot with 500 and one line, and writes one stderr line without headers', async () => {
    const ctx = bot.session.loop.context;
    const broken = Object.create(ctx.exchange, { fetchBalance: { value: () => Promise.reject(new Error('exchange down\n    at somewhere (file.ts:1:1)')) } });
    const app = await buildApiServer({ token: TEST_TOKEN, loop: bot.session.loop, ctx: { ...ctx, exchange: broken }, bot: { mode: 'paper', exchange: 'paper', timeframe: '1m' }, watch: new BotWatch(Date.now), events: new EventStream(), indicators: bot.config.strategy });
    const written: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => written.push(String(chunk)) > 0);
    try {
      const answer = await app.inject({ method: 'GET', url: '/api/v1/balances', headers: { authorization: `Bearer ${TEST_TOKEN}`, cookie: 'dealbot_session=abc' } });
      expect(answer.statusCode).toBe(500);
      expect(answer.json()).toEqual({ error: 'internal', message: 'the request failed inside the bot; see its log' });
    } finally {
      spy.mockRestore();
      await app.close();
    }
    expect(written).toEqual(['dealbot api: GET /api/v1/balances failed: exchange down\n']);
  });

  it('never puts the token in an answer', () => {
    for (const answer of api.answers) expect(answer.text).not.toContain(TEST_TOKEN);
  });
});
