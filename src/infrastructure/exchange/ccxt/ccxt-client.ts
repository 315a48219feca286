import type { Exchange as CcxtClient } from 'ccxt';
import type { Clock } from '../../../domain/ports/clock.port.js';
import type { ExchangeCapabilities } from './capabilities.js';
import { loadCcxtProClass, type CcxtClientClass } from './ccxt-loader.js';
import type { ExchangeCredentials, ExchangeLogger } from './secret-redactor.js';
import { withSharedRestEndpoints } from './shared-rest-endpoints.js';
import { unpinFirstWaiters, type WsFutureSource } from './ws-futures.js';

export type { CcxtClient };

/** What the HTTP layer saw when a request failed: the translator needs the status and Retry-After. */
export interface HttpDetails {
  readonly status: number;
  readonly retryAfterMs: number | null;
}

const details = new WeakMap<object, HttpDetails>();

export function httpDetailsOf(error: unknown): HttpDetails | undefined {
  return typeof error === 'object' && error !== null ? details.get(error) : undefined;
}

/** Retry-After is seconds or an HTTP date. */
export function parseRetryAfter(value: string | undefined, now: number): number | null {
  if (value === undefined || value.trim() === '') return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/**
 * Holds every request to a host until a Retry-After it answered has passed, on the injected
 * clock: after "429, Retry-After: 7" nothing is sent to that host for 7 s.
 */
export class HostGate {
  readonly #blockedUntil = new Map<string, number>();

  constructor(
    private readonly clock: Clock,
    private readonly sleep: (ms: number) => Promise<void>,
    private readonly log: ExchangeLogger,
  ) {}

  block(host: string, ms: number): void {
    const until = this.clock.now() + ms;
    if (until > (this.#blockedUntil.get(host) ?? 0)) this.#blockedUntil.set(host, until);
    this.log.warn({ host, retryAfterMs: ms }, 'exchange host asked us to wait; holding every request to it');
  }

  async ready(host: string): Promise<void> {
    for (;;) {
      const wait = (this.#blockedUntil.get(host) ?? 0) - this.clock.now();
      if (wait <= 0) return;
      await this.sleep(wait);
    }
  }
}

export interface CcxtClientOptions {
  readonly exchangeId: string;
  readonly capabilities: ExchangeCapabilities;
  readonly credentials?: ExchangeCredentials;
  /** The exchange's test network (ccxt's setSandboxMode, e.g. Binance's spot testnet); refused where ccxt knows none. */
  readonly sandbox?: boolean;
  /** Merged over the class's `urls.api` (nested `ws` entries too), the test network's with `sandbox`: how tests reach a local server. */
  readonly urls?: { readonly api: Readonly<Record<string, unknown>> };
  readonly timeoutMs?: number;
  /** More ccxt constructor settings (e.g. rateLimit). enableRateLimit stays on regardless. */
  readonly ccxtConfig?: Readonly<Record<string, unknown>>;
  readonly gate: HostGate;
  readonly clock: Clock;
  readonly log: ExchangeLogger;
}

const hostOf = (url: string): string => {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
};

const pathOf = (url: string): string => {
  try {
    return new URL(url).pathname;
  } catch {
    return '?';
  }
};

function instrumented(Base: CcxtClientClass, options: CcxtClientOptions): CcxtClientClass {
  const { gate, clock, log, capabilities } = options;
  return class extends Base {
    override async fetch(url: string, method = 'GET', headers?: unknown, body?: unknown): Promise<unknown> {
      await gate.ready(hostOf(url));
      const started = clock.now();
      log.debug({ method, path: pathOf(url) }, 'exchange request');
      try {
        return await super.fetch(url, method, headers, body);
      } finally {
        log.debug({ method, path: pathOf(url), ms: clock.now() - started }, 'exchange request done');
      }
    }

    override handleRestResponse(response: { status: number }, url: string, method?: string, requestHeaders?: unknown, requestBody?: unknown): unknown {
      const status = response.status;
      const retryAfterMs = status >= 400 ? parseRetryAfter(this.getResponseHeaders(response)['Retry-After'] as string | undefined, clock.now()) : null;
      if (retryAfterMs !== null && (status === 429 || status === 503 || capabilities.banStatuses.includes(status))) gate.block(hostOf(url), retryAfterMs);
      return Promise.resolve(super.handleRestResponse(response, url, method, requestHeaders, requestBody)).catch((error: unknown) => {
        if (typeof error === 'object' && error !== null) details.set(error, { status, retryAfterMs });
        throw error;
      });
    }

    /** Each websocket connection's client, its futures no longer pinning settled watches (ws-futures.ts). */
    override client(url: string): ReturnType<CcxtClient['client']> {
      const ws = super.client(url);
      unpinFirstWaiters(ws as unknown as WsFutureSource);
      return ws;
    }
  };
}

function mergeUrls(base: Record<string, unknown>, over: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const prior = out[key];
    const nested = typeof value === 'object' && value !== null && typeof prior === 'object' && prior !== null;
    out[key] = nested ? mergeUrls(prior as Record<string, unknown>, value as Record<string, unknown>) : value;
  }
  return out;
}

/** ccxt's test addresses in place of the real ones; an exchange ccxt knows no test network of is refused. */
function enterSandbox(client: CcxtClient, exchangeId: string): void {
  const test = (client.urls as Record<string, unknown>)['test'];
  // a class may carry `urls.test` undefined (kraken does): setSandboxMode would then leave it with no addresses at all
  if (client.has['sandbox'] !== true || typeof test !== 'object' || test === null) {
    throw new Error(`${exchangeId} has no test network in ccxt: --sandbox needs one (Binance: its spot testnet)`);
  }
  client.setSandboxMode(true);
}

/** A ccxt.pro client (REST and websockets) whose every HTTP request passes the host gate and whose websocket futures release settled watches. */
export async function createCcxtClient(options: CcxtClientOptions): Promise<CcxtClient> {
  const Base = withSharedRestEndpoints(await loadCcxtProClass(options.exchangeId));
  const { credentials, capabilities } = options;
  const client = new (instrumented(Base, options))({
    rateLimiterAlgorithm: capabilities.requestLimiter,
    ...(options.ccxtConfig ?? {}),
    ...(credentials === undefined ? {} : { apiKey: credentials.apiKey, secret: credentials.secret, password: credentials.password }),
    timeout: options.timeoutMs ?? 10_000,
    enableRateLimit: true,
    options: { ...capabilities.ccxtOptions, maxRetriesOnFailure: 0 },
  });
  if (options.sandbox === true) enterSandbox(client, options.exchangeId);
  // every websocket of ours reconnects with its own backoff on the injected clock; ccxt's (wall-clock) one stays out
  client.options['ws'] = { ...(client.options['ws'] as object | undefined), backoff: { base: 0, max: 0 } };
  if (options.urls !== undefined) client.urls = { ...client.urls, api: mergeUrls(client.urls.api as Record<string, unknown>, options.urls.api) as typeof client.urls.api };
  await client.loadHttpProxyAgent(); // ccxt needs it for plain ws:// URLs
  return client;
}
