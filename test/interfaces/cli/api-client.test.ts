import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ApiClient } from '../../../src/interfaces/cli/api-client.js';
import { ApiCallError, BotNotRunningError } from '../../../src/interfaces/cli/api-errors.js';

/**
 * The CLI's API client against a real HTTP server on a loopback port that answers as
 * docs/api.md says: what the client sends (token, Idempotency-Key, body, query) and how each
 * kind of answer comes back (JSON, an error with details, 401, nothing listening, no answer).
 */

interface Seen {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

const TOKEN = 'a'.repeat(64);
let seen: Seen[] = [];
let answer: (req: Seen, res: ServerResponse) => void = (_req, res) => json(res, 200, {});
let server: Server;
let baseUrl: string;

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const request = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      seen.push(request);
      answer(request, res);
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((done) => server.close(done));
});
beforeEach(() => {
  seen = [];
  answer = (_req, res) => json(res, 200, {});
});

/** A client with the token (null: none set). */
const client = (token: string | null = TOKEN, timeoutMs?: number) => new ApiClient({ baseUrl, token: token ?? undefined, tokenSource: token === null ? null : 'the environment' }, timeoutMs);

/** A port nothing listens on: bound, then closed. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((done) => probe.listen(0, '127.0.0.1', done));
  const { port } = probe.address() as AddressInfo;
  await new Promise((done) => probe.close(done));
  return port;
}

describe('ApiClient', () => {
  it('GETs under /api/v1 with the Bearer token and the query, and returns the JSON', async () => {
    answer = (_req, res) => json(res, 200, { deals: [{ id: 'd1' }], nextCursor: null });
    const body = await client().get('/deals', { status: 'working', pair: 'ETH/BTC', cursor: undefined, limit: 500 });
    expect(body).toEqual({ deals: [{ id: 'd1' }], nextCursor: null });
    const [request] = seen;
    expect(request?.method).toBe('GET');
    expect(request?.url).toBe('/api/v1/deals?status=working&pair=ETH%2FBTC&limit=500');
    expect(request?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(request?.headers['idempotency-key']).toBeUndefined();
  });

  it('sends no Authorization header without a token', async () => {
    await client(null).get('/health');
    expect(seen[0]?.headers.authorization).toBeUndefined();
  });

  it('puts a fresh random Idempotency-Key and the JSON body on every mutating call', async () => {
    const api = client();
    await api.post('/trading/pause', { for: '2h', reason: 'news' });
    await api.post('/trading/pause', { for: '2h', reason: 'news' });
    await api.patch('/pairs/ETH/BTC', { dealCount: 3 });
    await api.delete('/pairs/ETH/BTC');
    const keys = seen.map((s) => s.headers['idempotency-key']);
    for (const key of keys) expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(keys).size).toBe(4);
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual(['POST /api/v1/trading/pause', 'POST /api/v1/trading/pause', 'PATCH /api/v1/pairs/ETH/BTC', 'DELETE /api/v1/pairs/ETH/BTC']);
    expect(JSON.parse(seen[0]?.body ?? '')).toEqual({ for: '2h', reason: 'news' });
    expect(seen[0]?.headers['content-type']).toBe('application/json');
    expect(seen[3]?.body).toBe('');
  });

  it('sends the Idempotency-Key it was given on every mutating call, for a script\'s retry', async () => {
    const api = new ApiClient({ baseUrl, token: TOKEN, tokenSource: 'the environment' }, undefined, 'nightly-close-2024-01-01');
    await api.post('/trading/close_all');
    await api.post('/trading/close_all');
    await api.get('/status');
    expect(seen.map((s) => s.headers['idempotency-key'])).toEqual(['nightly-close-2024-01-01', 'nightly-close-2024-01-01', undefined]);
  });

  it('turns a 400 into one line with the API\'s message, its field details and the status', async () => {
    answer = (_req, res) => json(res, 400, { error: 'invalid_request', message: 'the request is invalid', details: [{ field: 'price', message: 'must be a decimal > 0' }, { field: 'pair', message: 'unknown pair' }] });
    const error = await client().post('/trading/open_deal', { pair: 'XRP/USDT', price: '1' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiCallError);
    expect((error as ApiCallError).message).toBe('the request is invalid (price: must be a decimal > 0; pair: unknown pair) [400 invalid_request]');
    expect((error as ApiCallError).status).toBe(400);
  });

  it('turns a 409 into its reason', async () => {
    answer = (_req, res) => json(res, 409, { error: 'conflict', message: 'deal d1 is already closed' });
    await expect(client().post('/deals/d1/close')).rejects.toThrow(/^deal d1 is already closed \[409 conflict\]$/);
  });

  it('says on a 401 without a token that DEALBOT_API_TOKEN is not set and where it is read', async () => {
    answer = (_req, res) => json(res, 401, { error: 'unauthorized', message: 'a token is needed' });
    await expect(client(null).get('/status')).rejects.toThrow(
      `the bot at ${baseUrl} needs a token, and DEALBOT_API_TOKEN is not set (DEALBOT_API_TOKEN, read from the environment, then from .env in the current folder; \`dealbot config init\` writes one) (the bot says: a token is needed)`,
    );
  });

  it('says on a 401 with a token that the token is wrong and where it came from, without showing it', async () => {
    answer = (_req, res) => json(res, 401, { error: 'unauthorized', message: 'wrong token' });
    const error = (await client().get('/status').catch((e: unknown) => e)) as Error;
    expect(error.message).toMatch(/refused the token from the environment: it is wrong/);
    expect(error.message).not.toContain(TOKEN);
  });

  it('names a server that does not answer with dealbot\'s error JSON', async () => {
    answer = (_req, res) => res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not Found</h1>');
    await expect(client().get('/status')).rejects.toThrow(`the server at ${baseUrl} answered 404 without dealbot's error JSON: is it a dealbot API?`);
  });

  it('says no dealbot is running when nothing listens on the port, and isRunning is false', async () => {
    const port = await freePort();
    const nobody = new ApiClient({ baseUrl: `http://127.0.0.1:${port}`, token: TOKEN, tokenSource: 'the environment' });
    const error = await nobody.post('/trading/close_all').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BotNotRunningError);
    expect((error as Error).message).toBe(`no dealbot is running at http://127.0.0.1:${port} (start one with: dealbot run --api)`);
    await expect(nobody.isRunning()).resolves.toBe(false);
  });

  it('isRunning is true when the health route answers', async () => {
    answer = (_req, res) => json(res, 200, { status: 'ok', uptimeSeconds: 1, trading: true });
    await expect(client().isRunning()).resolves.toBe(true);
    expect(seen[0]?.url).toBe('/api/v1/health');
  });

  it('gives up after its timeout when the bot does not answer', async () => {
    answer = () => undefined; // never answers
    const started = Date.now();
    await expect(client(TOKEN, 300).get('/status')).rejects.toThrow(`the bot at ${baseUrl} did not answer within 0.3 s`);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('refuses a success answer that is not JSON', async () => {
    answer = (_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('hello');
    await expect(client().get('/status')).rejects.toThrow(/answered GET \/api\/v1\/status with something that is not JSON/);
  });
});
