import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Candle } from '../../../src/domain/shared/candle.js';
import type { Decimal } from '../../../src/domain/shared/decimal.js';
import { checkApiKey, checkSignature } from './sim-auth.js';
import { BinanceRefusal, DUPLICATE_ORDER, INSUFFICIENT_BALANCE, type SimBook } from './sim-book.js';
import { chargeHeaders, requestWeight, type SimLimits } from './sim-limits.js';
import type { SimEndpoint, SimFault, SimFaults } from './sim-faults.js';
import type { SimMarket } from './sim-market.js';
import { ROUTES, SAPI_ROUTES } from './sim-routes.js';

/** One request the server received, as a test inspects it (signature left out). */
export interface SimRequest {
  readonly endpoint: SimEndpoint;
  readonly method: string;
  /** On the simulator's clock. */
  readonly at: number;
  readonly params: Readonly<Record<string, string>>;
  readonly fault: SimFault['kind'] | null;
  /** The request weight it was charged (sim-limits.ts); 0 under /sapi/v1/, which has limits of its own. */
  readonly weight: number;
}

/** What became of one request, for tests that act at a precise moment (e.g. kill the client). */
export interface SimRequestEvent {
  /**
   * received: logged, nothing done yet; applied: the work is done (order placed, cancelled, ...) or
   * refused; dropped: a slow or held request given up unapplied; answered: the answer was written.
   */
  readonly phase: 'received' | 'applied' | 'dropped' | 'answered';
  /** Numbers the requests in arrival order, from 1. */
  readonly id: number;
  readonly request: SimRequest;
}

/** A request waiting on a hold fault. */
export interface SimHeldRequest {
  readonly id: number;
  readonly request: SimRequest;
  /** The client's connection closed while it waited. */
  readonly clientGone: boolean;
}

/** State of the slow / hold faults and the request listeners. */
export interface RequestTracking {
  seq: number;
  /** Requests received and not yet answered, dropped or hung. */
  inFlight: number;
  readonly listeners: Set<(event: SimRequestEvent) => void>;
  readonly held: Map<number, { readonly request: SimRequest; readonly res: ServerResponse; readonly release: (apply: boolean) => void }>;
}

export function newRequestTracking(): RequestTracking {
  return { seq: 0, inFlight: 0, listeners: new Set(), held: new Map() };
}

export interface RestState {
  readonly markets: ReadonlyMap<string, SimMarket>;
  readonly book: SimBook;
  /** The account's commission rates, as the book charges them. */
  readonly fees: { readonly maker: Decimal; readonly taker: Decimal };
  readonly faults: SimFaults;
  readonly credentials: { readonly apiKey: string; readonly secret: string };
  readonly now: () => number;
  readonly klines: (marketId: string, interval: string) => readonly Candle[];
  readonly listenKeys: Set<string>;
  readonly requests: SimRequest[];
  /** Answers held back by a hang fault, released (destroyed) at stop. */
  readonly hung: Set<ServerResponse>;
  /** Request weight and order counts (sim-limits.ts). */
  readonly limits: SimLimits;
  /** Slow and held requests, listeners; absent: none of that is tracked. */
  readonly tracking?: RequestTracking;
}

type Handler = (state: RestState, p: URLSearchParams) => unknown;

export interface Route {
  readonly endpoint: SimEndpoint;
  readonly auth: 'none' | 'apiKey' | 'signed';
  readonly handle: Handler;
}

/** The route of a path under /api/v3/ (spot) or /sapi/v1/ (wallet). */
function routeOf(method: string | undefined, path: string): Route | undefined {
  const [, api, rest] = /^\/(api\/v3|sapi\/v1)\/(.*)$/.exec(path) ?? [];
  const routes = api === 'api/v3' ? ROUTES : api === 'sapi/v1' ? SAPI_ROUTES : null;
  return routes !== null && Object.hasOwn(routes, `${method} ${rest}`) ? routes[`${method} ${rest}`] : undefined;
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json;charset=UTF-8', ...headers });
  res.end(JSON.stringify(body));
}

const refusal = (e: BinanceRefusal) => ({ code: e.code, msg: e.message });

/** Answers a fault that replaces the request; false when the fault lets the request run. */
function answerFault(fault: SimFault, req: IncomingMessage, res: ServerResponse, state: RestState): boolean {
  switch (fault.kind) {
    case 'hang':
      state.hung.add(res);
      return true;
    case 'reset':
      req.socket.destroy();
      return true;
    case 'rateLimit':
      send(res, 429, { code: -1003, msg: 'Too many requests; current limit of IP is 6000 requests per minute.' }, fault.retryAfterSeconds === undefined ? {} : { 'Retry-After': String(fault.retryAfterSeconds) });
      return true;
    case 'banned':
      send(res, 418, { code: -1003, msg: `Way too much request weight used; IP banned until ${state.now() + fault.retryAfterSeconds * 1000}.` }, { 'Retry-After': String(fault.retryAfterSeconds) });
      return true;
    case 'serverError':
      res.writeHead(fault.status ?? 503, { 'Content-Type': 'text/html' });
      res.end('<html><body><h1>Service Unavailable</h1></body></html>');
      return true;
    case 'duplicate':
      if (fault.placed === true) return false;
      send(res, 400, { code: -2010, msg: DUPLICATE_ORDER });
      return true;
    case 'insufficientFunds':
      send(res, 400, { code: -2010, msg: INSUFFICIENT_BALANCE });
      return true;
    case 'invalidOrder':
      send(res, 400, { code: -1013, msg: 'Filter failure: LOT_SIZE' });
      return true;
    case 'hangAfterApplying':
    case 'slow':
    case 'hold':
      return false;
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const clientGone = (req: IncomingMessage, res: ServerResponse): boolean => res.destroyed || req.socket.destroyed;

function emit(state: RestState, phase: SimRequestEvent['phase'], id: number, request: SimRequest): void {
  for (const listener of state.tracking?.listeners ?? []) listener({ phase, id, request });
}

/** Waits as a slow or hold fault says; false when the request is dropped unapplied. */
async function waitBeforeApplying(fault: SimFault, state: RestState, id: number, request: SimRequest, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  if (fault.kind === 'slow') {
    await sleep(fault.beforeMs ?? 0);
    return !clientGone(req, res);
  }
  if (fault.kind !== 'hold' || state.tracking === undefined) return true;
  const held = state.tracking.held;
  return new Promise<boolean>((resolve) => {
    held.set(id, {
      request,
      res,
      release: (apply) => {
        held.delete(id);
        resolve(apply);
      },
    });
  });
}

/** Serves one request under /api/v3/ or /sapi/v1/. */
export async function serveRest(state: RestState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks).toString('utf8');
  const url = new URL(req.url ?? '/', 'http://sim');
  const route = routeOf(req.method, url.pathname);
  if (route === undefined) {
    send(res, 404, { code: -1000, msg: `no such endpoint ${req.method} ${url.pathname}` });
    return;
  }
  const params = new URLSearchParams(url.search);
  for (const [k, v] of new URLSearchParams(body)) params.append(k, v);
  const fault = state.faults.take(route.endpoint);
  const logged = Object.fromEntries([...params].filter(([k]) => k !== 'signature'));
  const weighed = url.pathname.startsWith('/api/v3/');
  const request: SimRequest = { endpoint: route.endpoint, method: req.method ?? 'GET', at: state.now(), params: logged, fault: fault?.kind ?? null, weight: weighed ? requestWeight(route.endpoint, params) : 0 };
  state.requests.push(request);
  const tracking = state.tracking;
  const id = tracking === undefined ? 0 : ++tracking.seq;
  if (tracking !== undefined) tracking.inFlight += 1;
  try {
    emit(state, 'received', id, request);
    const charge = weighed ? state.limits.charge(route.endpoint, request.weight, state.now()) : null;
    if (charge?.refusal) {
      send(res, 429, { code: charge.refusal.code, msg: charge.refusal.msg }, chargeHeaders(charge, false));
      emit(state, 'answered', id, request);
      return;
    }
    if (fault !== null && answerFault(fault, req, res, state)) return;
    if (fault !== null && !(await waitBeforeApplying(fault, state, id, request, req, res))) {
      // Never answered, like a request lost on the way; a client still waiting times out.
      state.hung.add(res);
      emit(state, 'dropped', id, request);
      return;
    }
    let status = 200;
    let answer: unknown;
    try {
      if (route.auth !== 'none') checkApiKey(req.headers['x-mbx-apikey'], state.credentials.apiKey);
      if (route.auth === 'signed') checkSignature(url.search.replace(/^\?/, ''), body, state.credentials.secret, params);
      answer = route.handle(state, params);
      if (fault?.kind === 'duplicate') {
        status = 400;
        answer = { code: -2010, msg: DUPLICATE_ORDER };
      }
    } catch (error) {
      if (!(error instanceof BinanceRefusal)) throw error;
      status = error.status;
      answer = refusal(error);
    }
    emit(state, 'applied', id, request);
    if (fault?.kind === 'hangAfterApplying') {
      state.hung.add(res);
      return;
    }
    if (fault?.kind === 'slow' && (fault.afterMs ?? 0) > 0) await sleep(fault.afterMs ?? 0);
    if (clientGone(req, res)) return;
    send(res, status, answer, charge === null ? {} : chargeHeaders(charge, status === 200));
    emit(state, 'answered', id, request);
  } finally {
    if (tracking !== undefined) tracking.inFlight -= 1;
  }
}
