import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
// for the route option schema.hide, which keeps the dashboard out of the OpenAPI document
import type {} from '@fastify/swagger';
import { DASHBOARD_ASSETS } from './dashboard-assets.js';
import { renderDashboardPage } from './dashboard-page.js';
import { renderSignInPage, SIGN_IN_SCRIPT, SIGN_IN_STYLE_HASH } from './sign-in-page.js';

export interface DashboardOptions {
  /** Whether the request carries a valid session (the API's check of the cookie or bearer token). */
  readonly isAuthenticated: (request: FastifyRequest) => boolean;
}

/**
 * The page loads only its own files and talks only to its own origin; nothing may frame it.
 * Inline styles are allowed: lightweight-charts sizes its panes through style attributes.
 */
const PAGE_POLICY = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
const SIGN_IN_POLICY = `default-src 'none'; script-src 'self'; style-src ${SIGN_IN_STYLE_HASH}; img-src data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`;

function secure(reply: FastifyReply, policy: string): FastifyReply {
  return reply
    .header('content-security-policy', policy)
    .header('x-content-type-options', 'nosniff')
    .header('x-frame-options', 'DENY')
    .header('referrer-policy', 'no-referrer')
    .header('cache-control', 'no-store');
}

/**
 * The dashboard: `GET /` (the page, or with 401 the sign-in page when the request has no valid
 * session) and its files under `/assets/` (401 JSON without a session, but for the sign-in
 * page's script). Hidden from the OpenAPI document: it is the API's client, not part of it.
 */
export function registerDashboard(app: FastifyInstance, opts: DashboardOptions): void {
  const page = renderDashboardPage();
  const signIn = renderSignInPage();
  app.get('/', { schema: { hide: true } }, async (request, reply) => {
    if (!opts.isAuthenticated(request)) {
      return secure(reply, SIGN_IN_POLICY).code(401).type('text/html; charset=utf-8').send(signIn);
    }
    return secure(reply, PAGE_POLICY).type('text/html; charset=utf-8').send(page);
  });
  // the sign-in page's script holds nothing but the form's handling: served to anyone
  app.get('/assets/sign-in.js', { schema: { hide: true } }, async (_request, reply) => secure(reply, PAGE_POLICY).type('text/javascript; charset=utf-8').send(SIGN_IN_SCRIPT));
  for (const [name, asset] of Object.entries(DASHBOARD_ASSETS)) {
    app.get(`/assets/${name}`, { schema: { hide: true } }, async (request, reply) => {
      if (!opts.isAuthenticated(request)) {
        return secure(reply, PAGE_POLICY).code(401).send({ error: 'unauthorized', message: 'sign in at / with the API token first' });
      }
      return secure(reply, PAGE_POLICY).type(asset.contentType).send(asset.body());
    });
  }
}
