import { createHash } from 'node:crypto';
import { Script } from 'node:vm';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiAuth } from '../../../../src/interfaces/http/auth.js';
import { registerDashboard } from '../../../../src/interfaces/http/dashboard/dashboard.plugin.js';

/** The API's own check: a session opened as POST /login opens one. */
const auth = new ApiAuth('the-token');
const SESSION = `dealbot_session=${auth.openSession()}`;

let app: FastifyInstance;
beforeAll(async () => {
  app = Fastify();
  registerDashboard(app, { isAuthenticated: (request) => auth.isAuthenticated(request) });
  await app.ready();
});
afterAll(() => app.close());

describe('the dashboard page', () => {
  it('answers 401 with a sign-in page (a token field posted to /login) without a session, under a CSP that allows only its own inline style', async () => {
    const answer = await app.inject({ method: 'GET', url: '/' });
    expect(answer.statusCode).toBe(401);
    expect(answer.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(answer.body).toMatch(/<form method="post" action="\/login"/);
    expect(answer.body).toMatch(/<input id="token" name="token" type="password"/);
    expect(answer.body).not.toContain('/assets/dashboard.js');
    const style = /<style>(.*)<\/style>/s.exec(answer.body)?.[1] ?? '';
    const hash = createHash('sha256').update(style).digest('base64');
    expect(answer.headers['content-security-policy']).toContain(`style-src 'sha256-${hash}'`);
    expect(answer.headers['content-security-policy']).toContain("form-action 'self'");
    expect(answer.headers['content-security-policy']).toContain("script-src 'self'");
    expect(answer.body).toContain('<script src="/assets/sign-in.js"></script>');
    expect(answer.headers['cache-control']).toBe('no-store');
  });

  it('a session the API does not know, or a wrong bearer token, gets the sign-in page; the right bearer token the page', async () => {
    expect((await app.inject({ method: 'GET', url: '/', headers: { cookie: 'dealbot_session=made-up' } })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/', headers: { authorization: 'Bearer wrong' } })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/', headers: { authorization: 'Bearer the-token' } })).statusCode).toBe(200);
  });

  it('serves the page to a signed-in browser: its own script and chart library, no inline script (the CSP allows none)', async () => {
    const answer = await app.inject({ method: 'GET', url: '/', headers: { cookie: SESSION } });
    expect(answer.statusCode).toBe(200);
    expect(answer.body).toContain('<script src="/assets/lightweight-charts.js"></script>');
    expect(answer.body).toContain('<script src="/assets/dashboard.js"></script>');
    expect(answer.body).toContain('<link rel="stylesheet" href="/assets/dashboard.css">');
    expect(answer.body).toContain('<dialog id="confirm">');
    expect(answer.body).not.toMatch(/<script>|<style>|<[^>]* style="/);
    expect(answer.headers['content-security-policy']).toBe("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
    expect(answer.headers['x-frame-options']).toBe('DENY');
  });
});

describe('the dashboard assets', () => {
  it.each([
    ['dashboard.js', 'text/javascript; charset=utf-8', "EventSource(API + '/events')"],
    ['dashboard.css', 'text/css; charset=utf-8', '@media (max-width: 900px)'],
    ['lightweight-charts.js', 'text/javascript; charset=utf-8', 'LightweightCharts'],
  ])('/assets/%s: 401 JSON without a session, the file as %s with one', async (name, type, content) => {
    const refused = await app.inject({ method: 'GET', url: `/assets/${name}` });
    expect(refused.statusCode).toBe(401);
    expect(refused.json()).toEqual({ error: 'unauthorized', message: 'sign in at / with the API token first' });
    const answer = await app.inject({ method: 'GET', url: `/assets/${name}`, headers: { cookie: SESSION } });
    expect(answer.statusCode).toBe(200);
    expect(answer.headers['content-type']).toBe(type);
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
    expect(answer.body).toContain(content);
  });

  it('the dashboard script is one valid script (its parts share one function scope) that sends the header and key every action needs', async () => {
    const script = (await app.inject({ method: 'GET', url: '/assets/dashboard.js', headers: { cookie: SESSION } })).body;
    expect(() => new Script(script, { filename: 'dashboard.js' })).not.toThrow();
    expect(script.startsWith("(function () {\n'use strict';")).toBe(true);
    expect(script).toContain("'x-dealbot-request': '1'");
    expect(script).toContain("'idempotency-key': randomKey()");
  });

  it("the sign-in page's script is served without a session, and posts the token as JSON to /login", async () => {
    const answer = await app.inject({ method: 'GET', url: '/assets/sign-in.js' });
    expect(answer.statusCode).toBe(200);
    expect(answer.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(() => new Script(answer.body, { filename: 'sign-in.js' })).not.toThrow();
    expect(answer.body).toContain("fetch('/login'");
    expect(answer.body).toContain('JSON.stringify({ token: form.elements.token.value })');
  });

  it('an unknown asset is 404', async () => {
    const answer = await app.inject({ method: 'GET', url: '/assets/other.js', headers: { cookie: SESSION } });
    expect(answer.statusCode).toBe(404);
  });
});
