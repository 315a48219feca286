import type { ApiDeps } from './api-deps.js';
import { ApiError } from './errors.js';
import type { OperatorJournal } from './idempotency.js';

/** What every route module is handed. */
export interface RouteContext {
  readonly deps: ApiDeps;
  readonly journal: OperatorJournal;
  readonly wallClock: () => number;
  /** The @fastify/rate-limit settings of a mutating route. */
  readonly rateLimit: { readonly max: number; readonly timeWindow: number };
}

/** Actions and live views wait for the loop's start (reconciled, warmed up): 503 before. */
export function requireStarted(deps: ApiDeps): void {
  if (!deps.watch.started) throw new ApiError('not_ready', 'the trading loop has not started yet (reconciling or warming up): try again shortly');
}

/** The loop's last price of a traded pair, or null before any. */
export function lastPriceOf(deps: ApiDeps, symbol: string): number | null {
  if (!deps.watch.started || !deps.ctx.pairs.has(symbol)) return null;
  const price = deps.loop.priceOf(symbol).price;
  return Number.isFinite(price) ? price : null;
}
