import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { WebhookDestination, type WebhookFormat } from '../../../../src/infrastructure/events/destinations/webhook.destination.js';
import { signWebhook, verifyWebhook } from '../../../../src/infrastructure/events/destinations/webhook-signature.js';
import { closedPort } from './brokers.js';
import { envelopes, uniquePrefix } from './envelopes.js';

const SECRET = `secret-${randomUUID()}`;
const NOW_MS = Date.parse('2026-03-01T12:05:00.000Z');
const NOW_S = NOW_MS / 1000;

interface Request {
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/** A local receiver that records every request and answers with `answer` (204 by default; null: never). */
async function receiver(answer: (index: number, response: ServerResponse) => number | null = () => 204) {
  const requests: Request[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      requests.push({ url: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks) });
      const status = answer(requests.length - 1, response);
      if (status !== null) response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const close = () => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  };
  closers.push(close);
  return { requests, url: `http://127.0.0.1:${port}/hooks/${randomUUID()}` };
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

const webhook = (url: string, format: WebhookFormat = 'json', timeoutMs = 5_000) => new WebhookDestination({ name: 'webhook', url, secret: SECRET, format, timeoutMs, now: () => NOW_MS });

describe('WebhookDestination', () => {
  it('POSTs each envelope in order, one signed request per event, that the receiver verifies', async () => {
    const { requests, url } = await receiver();
    const sent = envelopes(uniquePrefix(), 5);
    await webhook(url).send(sent.slice(0, 2));
    await webhook(url).send(sent.slice(2));
    expect(requests.map((r) => JSON.parse(r.body.toString()))).toEqual(sent);
    requests.forEach((request, i) => {
      expect(request.headers['content-type']).toBe('application/json');
      expect(request.headers['x-dealbot-event-id']).toBe(sent[i]!.id);
      expect(request.headers['x-dealbot-event-type']).toBe(sent[i]!.type);
      expect(request.headers['x-dealbot-timestamp']).toBe(String(NOW_S));
      expect(request.headers['x-dealbot-signature']).toBe(signWebhook(SECRET, NOW_S, request.body));
      expect(verifyWebhook(SECRET, request.headers, request.body, NOW_S)).toEqual({ ok: true });
    });
  });

  it('the signature covers the body and the timestamp: a byte changed, another timestamp or another secret fails verification', async () => {
    const { requests, url } = await receiver();
    await webhook(url).send(envelopes(uniquePrefix(), 1));
    const { headers, body } = requests[0]!;
    const changed = Buffer.from(body);
    changed[10] = changed[10]! ^ 1;
    expect(verifyWebhook(SECRET, headers, changed, NOW_S)).toEqual({ ok: false, reason: 'the signature does not match the body and timestamp' });
    expect(verifyWebhook(SECRET, { ...headers, 'x-dealbot-timestamp': String(NOW_S + 1) }, body, NOW_S)).toMatchObject({ ok: false, reason: /does not match/ });
    expect(verifyWebhook(`${SECRET}x`, headers, body, NOW_S)).toMatchObject({ ok: false, reason: /does not match/ });
    expect(verifyWebhook(SECRET, { ...headers, 'x-dealbot-signature': undefined }, body, NOW_S)).toEqual({ ok: false, reason: 'no X-Dealbot-Signature header' });
    expect(verifyWebhook(SECRET, { ...headers, 'x-dealbot-timestamp': '12e3' }, body, NOW_S)).toMatchObject({ ok: false, reason: /unix seconds/ });
    expect(verifyWebhook(SECRET, new Headers(headers as Record<string, string>), body.toString(), NOW_S)).toEqual({ ok: true });
  });

  it('a timestamp more than the tolerance old or ahead is refused, even with a good signature', async () => {
    const { requests, url } = await receiver();
    await webhook(url).send(envelopes(uniquePrefix(), 1));
    const { headers, body } = requests[0]!;
    expect(verifyWebhook(SECRET, headers, body, NOW_S + 300)).toEqual({ ok: true });
    expect(verifyWebhook(SECRET, headers, body, NOW_S + 301)).toEqual({ ok: false, reason: 'the timestamp is 301 s old, more than 300 s' });
    expect(verifyWebhook(SECRET, headers, body, NOW_S - 300)).toEqual({ ok: true });
    expect(verifyWebhook(SECRET, headers, body, NOW_S - 301)).toEqual({ ok: false, reason: 'the timestamp is 301 s ahead, more than 300 s' });
    expect(verifyWebhook(SECRET, headers, body, NOW_S + 30, 10)).toMatchObject({ ok: false });
  });

  it('property: any one changed byte of any body fails verification', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 200 }), fc.nat(), fc.integer({ min: 1, max: 255 }), (body, at, flip) => {
        const timestamp = NOW_S;
        const headers = { 'x-dealbot-timestamp': String(timestamp), 'x-dealbot-signature': signWebhook(SECRET, timestamp, body) };
        expect(verifyWebhook(SECRET, headers, body, NOW_S)).toEqual({ ok: true });
        const changed = Uint8Array.from(body);
        changed[at % body.length] = changed[at % body.length]! ^ flip;
        expect(verifyWebhook(SECRET, headers, changed, NOW_S).ok).toBe(false);
      }),
    );
  });

  it('a receiver answering 503 fails the send at that event, and the events after it are not posted', async () => {
    const { requests, url } = await receiver((index) => (index === 1 ? 503 : 200));
    const sent = envelopes(uniquePrefix(), 3);
    await expect(webhook(url).send(sent)).rejects.toThrow(`webhook: event ${sent[1]!.id} not delivered: the receiver answered HTTP 503`);
    expect(requests.map((r) => r.headers['x-dealbot-event-id'])).toEqual([sent[0]!.id, sent[1]!.id]);
  });

  it('a redirect is not followed: it fails the send', async () => {
    const { requests, url } = await receiver((_, response) => {
      response.setHeader('Location', '/elsewhere');
      return 307;
    });
    await expect(webhook(url).send(envelopes(uniquePrefix(), 1))).rejects.toThrow(/answered HTTP 307$/);
    expect(requests).toHaveLength(1);
  });

  it('no answer within timeoutMs fails the send', async () => {
    const { url } = await receiver(() => null);
    await expect(webhook(url, 'json', 200).send(envelopes(uniquePrefix(), 1))).rejects.toThrow(/not delivered: no answer within 200 ms$/);
  });

  it('a closed port fails the send, and the error does not show the URL (its path may be a secret)', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/hooks/T0SECRETPATH`;
    const error = await webhook(url).send(envelopes(uniquePrefix(), 1)).then(() => null, (e: unknown) => e as Error);
    expect(error?.message).toMatch(/^webhook: event .* not delivered: fetch failed: .*ECONNREFUSED/);
    expect(error?.message).not.toContain('SECRETPATH');
  });

  it.each([
    ['slack', 'text'],
    ['discord', 'content'],
  ] as const)('%s: the body is {"%s": one line} per event, still signed', async (format, field) => {
    const { requests, url } = await receiver();
    const prefix = uniquePrefix();
    const sent = envelopes(prefix, 6);
    await webhook(url, format).send(sent);
    const bodies = requests.map((r) => JSON.parse(r.body.toString()) as Record<string, string>);
    for (const body of bodies) {
      expect(Object.keys(body)).toEqual([field]);
      expect(body[field]).not.toMatch(/\n/);
      expect(body[field]!.startsWith(`[${prefix.slice(0, -1)}] 2026-03-01 12:0`)).toBe(true);
    }
    expect(bodies[0]![field]).toBe(`[${prefix.slice(0, -1)}] 2026-03-01 12:00  BTC/USDT deal d1  opened: buy 0.1 @ 100.5`);
    expect(bodies[4]![field]).toMatch(/closed \(take profit\): PnL 0\.09, fees 0\.0201$/);
    requests.forEach((r) => expect(verifyWebhook(SECRET, r.headers, r.body, NOW_S)).toEqual({ ok: true }));
  });
});
