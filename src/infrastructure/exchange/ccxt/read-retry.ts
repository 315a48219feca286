import { TemporaryExchangeError } from '../../../domain/ports/exchange.errors.js';
import type { ExchangeLogger } from './secret-redactor.js';

/** Reads are retried on TemporaryExchangeError: base x 2^(n-1) ms between attempts, capped. */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = Object.freeze({ attempts: 5, baseDelayMs: 500, maxDelayMs: 30_000 });

export function backoffDelay(policy: RetryPolicy, failedAttempts: number): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (failedAttempts - 1));
}

/**
 * Runs a read until it succeeds, fails for good, or runs out of attempts. `attempt` returns a
 * translated error on failure (so this never sees raw library errors). When the exchange
 * named a Retry-After, the host gate already holds the next request until then.
 */
export async function retryRead<T>(
  label: string,
  attempt: () => Promise<T>,
  deps: { readonly policy: RetryPolicy; readonly sleep: (ms: number) => Promise<void>; readonly log: ExchangeLogger },
): Promise<T> {
  for (let n = 1; ; n += 1) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof TemporaryExchangeError) || n >= deps.policy.attempts) throw error;
      const delay = error.retryAfterMs === null ? backoffDelay(deps.policy, n) : 0;
      deps.log.warn({ read: label, attempt: n, of: deps.policy.attempts, backoffMs: delay, retryAfterMs: error.retryAfterMs, error: error.message }, 'exchange read failed; retrying');
      await deps.sleep(delay);
    }
  }
}
