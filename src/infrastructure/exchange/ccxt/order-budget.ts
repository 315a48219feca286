import type { Clock } from '../../../domain/ports/clock.port.js';

/** At most `orders` new orders in any `perMs` milliseconds (Binance: the ORDERS limits of exchangeInfo). */
export interface OrderRateLimit {
  readonly orders: number;
  readonly perMs: number;
}

/**
 * The exchange's limits on new orders, kept by the connector on its clock: an order that would
 * pass one waits until the oldest orders of its window have left it. ccxt's rate limiter spaces
 * requests by their request weight only, and an order weighs little: a panic sell of a hundred
 * deals would otherwise send a hundred orders in a second and Binance would refuse those past
 * its limit (HTTP 429, -1015). Counted over rolling windows, so never more than a limit in any
 * fixed interval the exchange counts in.
 */
export class OrderBudget {
  /** When each order counted was sent, oldest first, as far back as the longest window. */
  readonly #sent: number[] = [];
  readonly #longest: number;

  constructor(
    private readonly limits: readonly OrderRateLimit[],
    private readonly clock: Clock,
    private readonly sleep: (ms: number) => Promise<void>,
  ) {
    for (const limit of limits) if (!(limit.orders >= 1 && limit.perMs > 0)) throw new RangeError(`an order rate limit needs orders >= 1 and perMs > 0, got ${limit.orders} per ${limit.perMs} ms`);
    this.#longest = Math.max(0, ...limits.map((l) => l.perMs));
  }

  /** Waits until `count` more orders (an OCO list places two) fit every limit, then counts them as sent now. */
  async take(count = 1): Promise<void> {
    if (this.limits.length === 0) return;
    for (let wait = this.#wait(count); wait > 0; wait = this.#wait(count)) await this.sleep(wait);
    const now = this.clock.now();
    for (let i = 0; i < count; i += 1) this.#sent.push(now);
  }

  /** Milliseconds until `count` more orders fit, 0 when they fit now. */
  #wait(count: number): number {
    const now = this.clock.now();
    this.#forget(now);
    let wait = 0;
    for (const { orders, perMs } of this.limits) {
      const inWindow = this.#sent.length - this.#firstAfter(now - perMs);
      const over = inWindow + Math.min(count, orders) - orders;
      // the window frees a place when its oldest order leaves it: `over` of them must
      if (over > 0) wait = Math.max(wait, this.#sent[this.#sent.length - inWindow + over - 1]! + perMs - now);
    }
    return wait;
  }

  /** Drops what every window has left behind. */
  #forget(now: number): void {
    const keepFrom = this.#firstAfter(now - this.#longest);
    if (keepFrom > 0) this.#sent.splice(0, keepFrom);
  }

  /** The index of the first order sent after `time` (binary search: the times are in order). */
  #firstAfter(time: number): number {
    let lo = 0;
    let hi = this.#sent.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#sent[mid]! > time) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}
