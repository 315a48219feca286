import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ApiError, sendError } from './errors.js';

export const SESSION_COOKIE = 'dealbot_session';
/** The header a same-origin page sets on a mutating call made with the cookie; a cross-site form cannot. */
export const REQUEST_HEADER = 'x-dealbot-request';
const SESSION_MS = 12 * 60 * 60 * 1000;
const MAX_SESSIONS = 1000;

const sha256 = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/**
 * Who may call: the bearer token of DEALBOT_API_TOKEN, compared in constant time (both sides
 * hashed first, so the lengths are equal), or a dashboard session cookie. A session id is
 * random and kept in this process only: the cookie never holds the token, and a restart
 * signs everyone out.
 */
export class ApiAuth {
  readonly #digest: Buffer | null;
  readonly #sessions = new Map<string, number>();

  constructor(
    token: string | null,
    private readonly now: () => number = Date.now,
  ) {
    this.#digest = token === null || token === '' ? null : sha256(token);
  }

  get configured(): boolean {
    return this.#digest !== null;
  }

  tokenMatches(candidate: string): boolean {
    return this.#digest !== null && timingSafeEqual(sha256(candidate), this.#digest);
  }

  /** A new session id, for the cookie. */
  openSession(): string {
    if (this.#sessions.size >= MAX_SESSIONS) this.#sessions.delete(this.#sessions.keys().next().value as string);
    const id = randomBytes(32).toString('base64url');
    this.#sessions.set(id, this.now() + SESSION_MS);
    return id;
  }

  closeSession(id: string): void {
    this.#sessions.delete(id);
  }

  hasSession(id: string): boolean {
    const until = this.#sessions.get(id);
    if (until === undefined) return false;
    if (until > this.now()) return true;
    this.#sessions.delete(id);
    return false;
  }

  /** By bearer token, or by cookie (a mutating method also needs X-Dealbot-Request: 1). */
  isAuthenticated(request: FastifyRequest): boolean {
    if (this.#digest === null) return false;
    const header = request.headers.authorization;
    if (header !== undefined) return header.startsWith('Bearer ') && this.tokenMatches(header.slice('Bearer '.length).trim());
    const session = sessionOf(request);
    if (session === null || !this.hasSession(session)) return false;
    return SAFE_METHODS.has(request.method) || request.headers[REQUEST_HEADER] === '1';
  }

  /** Why the request is refused, or null when it may go on. */
  refusal(request: FastifyRequest): ApiError | null {
    if (this.#digest === null) return new ApiError('unauthorized', 'DEALBOT_API_TOKEN is not set: the API serves only /api/v1/health');
    if (this.isAuthenticated(request)) return null;
    if (request.headers.authorization === undefined && sessionOf(request) !== null && !SAFE_METHODS.has(request.method) && this.hasSession(sessionOf(request)!)) {
      return new ApiError('unauthorized', 'a call with the session cookie that changes something needs the header X-Dealbot-Request: 1');
    }
    return new ApiError('unauthorized', 'send Authorization: Bearer <DEALBOT_API_TOKEN>');
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD']);

export function sessionOf(request: FastifyRequest): string | null {
  const cookies = request.headers.cookie;
  if (cookies === undefined) return null;
  for (const part of cookies.split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === SESSION_COOKIE) return value.join('=') || null;
  }
  return null;
}

function sessionCookie(value: string, maxAgeSeconds: number): string {
  return `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}`;
}

const loginBody = z.strictObject({ token: z.string().min(1, 'is required').max(1000, 'is too long') });

/** `POST /login` (form or JSON field `token`) sets the session cookie; `POST /logout` ends it. */
export function registerLoginRoutes(app: FastifyInstance, auth: ApiAuth, rateLimit: object): void {
  // a form is how the sign-in page posts; the API itself takes JSON only
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (request, body, done) => {
    const path = request.url.split('?')[0];
    if (path !== '/login' && path !== '/logout') return done(new ApiError('unsupported_media_type', 'send the body as application/json'), undefined);
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
  app.post('/login', { config: { rateLimit }, schema: { hide: true, body: loginBody } }, async (request, reply: FastifyReply) => {
    const { token } = request.body as z.infer<typeof loginBody>;
    if (!auth.configured) return sendError(reply, new ApiError('unauthorized', 'DEALBOT_API_TOKEN is not set: nothing to sign in with'));
    if (!auth.tokenMatches(token)) return sendError(reply, new ApiError('unauthorized', 'wrong token'));
    reply.header('set-cookie', sessionCookie(auth.openSession(), SESSION_MS / 1000));
    if (request.headers['content-type']?.startsWith('application/x-www-form-urlencoded')) return reply.code(303).header('location', '/').send();
    return reply.send({ signedIn: true });
  });
  app.post('/logout', { schema: { hide: true } }, async (request, reply) => {
    const session = sessionOf(request);
    if (session !== null) auth.closeSession(session);
    reply.header('set-cookie', sessionCookie('', 0));
    if (request.headers['content-type']?.startsWith('application/x-www-form-urlencoded')) return reply.code(303).header('location', '/').send();
    return reply.send({ signedIn: false });
  });
}
