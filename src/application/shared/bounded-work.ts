import type { Exchange } from '../../domain/ports/exchange.port.js';

/** Order requests in flight at once where the exchange declares no limit of its own. */
export const DEFAULT_ORDER_CONCURRENCY = 4;

/** How many order requests the bot may have in flight at once on this exchange (at least 1). */
export function orderConcurrency(exchange: Exchange): number {
  return Math.max(1, Math.floor(exchange.orderConcurrency ?? DEFAULT_ORDER_CONCURRENCY));
}

/**
 * Runs `work` on each item, at most `limit` at once, started in the items' order. After a
 * failure no further item starts; the ones in flight finish, then the first failure is thrown.
 */
export async function eachBounded<T>(items: readonly T[], limit: number, work: (item: T) => Promise<unknown>): Promise<void> {
  if (items.length === 0) return;
  let next = 0;
  const failures: unknown[] = [];
  const lane = async (): Promise<void> => {
    while (failures.length === 0 && next < items.length) {
      const item = items[next]!;
      next += 1;
      try {
        await work(item);
      } catch (error) {
        failures.push(error);
      }
    }
  };
  const lanes = Math.min(Math.max(1, limit), items.length);
  if (lanes <= 1) await lane();
  else await Promise.all(Array.from({ length: lanes }, lane));
  if (failures.length > 0) throw failures[0];
}
