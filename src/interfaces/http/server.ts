import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { ApiDeps } from './api-deps.js';
import { ApiAuth, registerLoginRoutes } from './auth.js';
import { registerDashboard } from './dashboard/dashboard.plugin.js';
import { ApiError, installErrorHandlers, sendError } from './errors.js';
import { OperatorJournal } from './idempotency.js';
import { registerMetricsRoute, requestTimer } from './metrics.js';
import type { RouteContext } from './route-context.js';
import { BalanceCache } from './balance-cache.js';
import { ReadCache } from './read-cache.js';
import { registerDealRoutes } from './routes/deals.routes.js';
import { registerMarketRoutes } from './routes/market.routes.js';
import { registerPairRoutes } from './routes/pairs.routes.js';
import { registerStatusRoutes } from './routes/status.routes.js';
import { registerTradingRoutes } from './routes/trading.routes.js';
import { registerEventsRoute } from './sse.js';

export type { ApiDeps } from './api-deps.js';

/** Bodies over this are refused with 413. */
export const BODY_LIMIT = 16 * 1024;
const PUBLIC_ROUTES = new Set(['GET /api/v1/health', 'HEAD /api/v1/health']);

/** Paths the token guards: the API and its documentation. The dashboard's own plugin guards its pages. */
const guarded = (url: string): boolean => url.startsWith('/api/') || url === '/api' || url.startsWith('/docs');

/** The answer to "may this request read or act?", for the dashboard plugin: token or session cookie. */
export type IsAuthenticated = (request: FastifyRequest) => boolean;

declare module 'fastify' {
  interface FastifyInstance {
    /** Token or session cookie (a mutating call with the cookie also needs X-Dealbot-Request: 1). */
    isAuthenticated: IsAuthenticated;
  }
}

/**
 * The operator's REST API of docs/api.md over a running trading loop. Returns the Fastify
 * instance, not yet listening. Secrets never reach a log: there is no request log, and a failed
 * request leaves one stderr line with its route and message.
 */
export async function buildApiServer(deps: ApiDeps): Promise<FastifyInstance> {
  const wallClock = deps.wallClock ?? Date.now;
  const app = Fastify({
    bodyLimit: BODY_LIMIT,
    // no request log: nothing can write an Authorization header or a session cookie anywhere
    logger: false,
    // ids of our own; never echo a client's
    requestIdHeader: false,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandlers(app);
  // bodies are JSON (and the sign-in form): plain text is 415, not a string the schemas refuse
  app.removeContentTypeParser('text/plain');

  const auth = new ApiAuth(deps.token, wallClock);
  app.decorate('isAuthenticated', (request: FastifyRequest) => auth.isAuthenticated(request));
  app.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?')[0] ?? request.url;
    if (!guarded(path) || PUBLIC_ROUTES.has(`${request.method} ${path}`)) return;
    const refused = auth.refusal(request);
    if (refused !== null) return sendError(reply, refused);
  });
  gateReads(app, deps, wallClock);
  // a mutating call without a body is a call with `{}`: `POST /deals/:id/close` needs none
  app.addHook('preValidation', async (request) => {
    if (request.body === undefined || request.body === null) request.body = request.method === 'GET' || request.method === 'HEAD' ? request.body : {};
  });
  requestTimer(app);

  const limit = deps.rateLimit ?? { max: 60, windowMs: 60_000 };
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) => Object.assign(new ApiError('rate_limited', `over ${context.max} calls in ${context.after}: slow down`), { statusCode: 429 }),
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'dealbot operator API', version: '1.0.0', description: 'The REST API of a running dealbot (docs/api.md). Every route but /api/v1/health needs the bearer token.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  const balances = deps.balances ?? new BalanceCache(deps.ctx.exchange, wallClock);
  const context: RouteContext = { deps, journal: new OperatorJournal(deps.ctx.uow, wallClock), wallClock, balances, rateLimit: { max: limit.max, timeWindow: limit.windowMs } };
  registerLoginRoutes(app, auth, context.rateLimit);
  registerStatusRoutes(app, context);
  registerDealRoutes(app, context);
  registerTradingRoutes(app, context);
  registerPairRoutes(app, context);
  registerMarketRoutes(app, context);
  registerEventsRoute(app, deps.events, deps.pingMs ?? 15_000);
  registerMetricsRoute(app, deps);
  app.get('/api/v1/openapi.json', { schema: { tags: ['docs'], summary: 'This OpenAPI 3 document' } }, async () => app.swagger());

  registerDashboard(app, { isAuthenticated: app.isAuthenticated });

  return app;
}

/** Reads the dashboard and scripts poll: answered from the ReadCache while nothing changed. */
const CACHED_READS = /^\/api\/v1\/(status|pairs|deals(\/[^/]+)?|candles|equity)$/;

/**
 * Reads of the API (not health, not the event stream): a current kept answer is sent at once;
 * the others pass the bot's ReadGate (trading first), and their answers are kept.
 */
function gateReads(app: FastifyInstance, deps: ApiDeps, now: () => number): void {
  const ended = new WeakMap<FastifyRequest, () => void>();
  const versions = new WeakMap<FastifyRequest, number>();
  const cache = new ReadCache(() => deps.watch.version, now);
  app.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?')[0] ?? request.url;
    if (request.method !== 'GET' || !path.startsWith('/api/v1/') || path === '/api/v1/health' || path === '/api/v1/events') return;
    if (CACHED_READS.test(path)) {
      const kept = cache.get(request.url);
      if (kept !== null) return reply.type('application/json; charset=utf-8').send(kept);
      versions.set(request, deps.watch.version);
    }
    ended.set(request, await deps.watch.reads.enter());
  });
  app.addHook('onSend', async (request, reply, payload) => {
    const version = versions.get(request);
    if (version !== undefined && reply.statusCode === 200 && typeof payload === 'string') cache.set(request.url, version, payload);
    return payload;
  });
  const release = async (request: FastifyRequest): Promise<void> => ended.get(request)?.();
  app.addHook('onResponse', async (request) => {
    // an operator's call may have changed what reads show before its events are relayed: read after write sees it
    if (request.method !== 'GET' && request.method !== 'HEAD') deps.watch.touch();
    return release(request);
  });
  app.addHook('onRequestAbort', release);
}
