import type { SimEndpoint } from './sim-faults.js';

/**
 * Binance spot's REST limits, as its public documentation states them (rest-api.md, "LIMITS";
 * the `rateLimits` of GET /api/v3/exchangeInfo):
 * - REQUEST_WEIGHT, per IP: every request under /api/v3/ weighs what its route costs, counted in
 *   the interval it falls in (a 1 MINUTE interval starts every minute); each answer carries
 *   `X-MBX-USED-WEIGHT-1M`. Past the limit: HTTP 429, code -1003, with `Retry-After` (seconds).
 * - ORDERS, per account: new orders per 10 SECOND and per DAY; each successful order answer
 *   carries `X-MBX-ORDER-COUNT-10S` and `X-MBX-ORDER-COUNT-1D`. Past a limit: HTTP 429, code
 *   -1015, without `Retry-After`.
 * Intervals run on the server's clock, so a test on a manual clock controls them. This server
 * counts every new order against the ORDERS limits; Binance's "unfilled order count" rules give
 * back the 10 s count for orders that fill, so it is stricter than Binance there. The wallet
 * routes under /sapi/v1/ have limits of their own and are not counted.
 */
export interface SimRateLimits {
  readonly requestWeightPerMinute: number;
  readonly ordersPer10Seconds: number;
  readonly ordersPerDay: number;
}

export const BINANCE_RATE_LIMITS: SimRateLimits = { requestWeightPerMinute: 6000, ordersPer10Seconds: 100, ordersPerDay: 200_000 };

const MINUTE = 60_000;
const TEN_SECONDS = 10_000;
const DAY = 86_400_000;

/** A route's request weight, from the documentation's table (some depend on the parameters). */
export function requestWeight(endpoint: SimEndpoint, p: URLSearchParams): number {
  switch (endpoint) {
    case 'exchangeInfo':
    case 'account':
      return 20;
    case 'klines':
    case 'userDataStream':
      return 2;
    case 'ticker24hr':
      return ticker24hrWeight(p);
    case 'queryOrder':
    case 'queryOrderList':
      return 4;
    case 'openOrders':
      return p.has('symbol') ? 6 : 80;
    case 'openOrderLists':
      return 6;
    case 'myTrades':
      return p.has('orderId') ? 5 : 20;
    case 'ping':
    case 'time':
    case 'createOrder':
    case 'cancelOrder':
    case 'createOrderList':
    case 'cancelOrderList':
    case 'tradeFee':
      return 1;
  }
}

function ticker24hrWeight(p: URLSearchParams): number {
  if (p.has('symbol')) return 2;
  const symbols = p.get('symbols');
  if (symbols === null) return 80;
  const count = symbols.split(',').length;
  return count <= 20 ? 2 : count <= 100 ? 40 : 80;
}

/** New orders a request places: an order list places two. */
function newOrders(endpoint: SimEndpoint): number {
  return endpoint === 'createOrder' ? 1 : endpoint === 'createOrderList' ? 2 : 0;
}

/** A count within the current interval of `ms`. */
class IntervalCount {
  #interval = Number.NaN;
  #count = 0;

  constructor(private readonly ms: number) {}

  /** The count so far in the interval `now` falls in. */
  at(now: number): number {
    const interval = Math.floor(now / this.ms);
    if (interval !== this.#interval) {
      this.#interval = interval;
      this.#count = 0;
    }
    return this.#count;
  }

  add(now: number, amount: number): number {
    return (this.#count = this.at(now) + amount);
  }

  /** Whole seconds until the next interval starts (at least 1). */
  secondsLeft(now: number): number {
    return Math.max(1, Math.ceil(((Math.floor(now / this.ms) + 1) * this.ms - now) / 1000));
  }
}

/** What the limits make of one request: the counts after it, or the refusal that replaces its answer. */
export interface SimCharge {
  readonly usedWeight: number;
  /** New orders counted in the 10 s and day intervals, when the request placed any. */
  readonly orderCounts: { readonly tenSeconds: number; readonly day: number } | null;
  readonly refusal: { readonly code: number; readonly msg: string; readonly retryAfterSeconds: number | null } | null;
}

/** The headers of an answer: the used weight always, the order counts on a successful order answer, Retry-After on a weight refusal. */
export function chargeHeaders(charge: SimCharge, ok: boolean): Record<string, string> {
  const headers: Record<string, string> = { 'X-MBX-USED-WEIGHT-1M': String(charge.usedWeight) };
  if (ok && charge.orderCounts !== null) {
    headers['X-MBX-ORDER-COUNT-10S'] = String(charge.orderCounts.tenSeconds);
    headers['X-MBX-ORDER-COUNT-1D'] = String(charge.orderCounts.day);
  }
  if (charge.refusal?.retryAfterSeconds != null) headers['Retry-After'] = String(charge.refusal.retryAfterSeconds);
  return headers;
}

/** The server's counters: request weight per minute (IP) and new orders per 10 s and per day (account). */
export class SimLimits {
  readonly #weight = new IntervalCount(MINUTE);
  readonly #orders10s = new IntervalCount(TEN_SECONDS);
  readonly #ordersDay = new IntervalCount(DAY);

  constructor(readonly limits: SimRateLimits = BINANCE_RATE_LIMITS) {}

  /** Counts a request under /api/v3/ at `now`, of `weight` (requestWeight). */
  charge(endpoint: SimEndpoint, weight: number, now: number): SimCharge {
    const usedWeight = this.#weight.add(now, weight);
    if (usedWeight > this.limits.requestWeightPerMinute) {
      const msg = `Too many requests; current limit of IP is ${this.limits.requestWeightPerMinute} requests per minute. Please use the websocket for live updates to avoid polling the API.`;
      return { usedWeight, orderCounts: null, refusal: { code: -1003, msg, retryAfterSeconds: this.#weight.secondsLeft(now) } };
    }
    const placed = newOrders(endpoint);
    if (placed === 0) return { usedWeight, orderCounts: null, refusal: null };
    // a refused order is not counted
    if (this.#orders10s.at(now) + placed > this.limits.ordersPer10Seconds) return { usedWeight, orderCounts: null, refusal: tooManyOrders(this.limits.ordersPer10Seconds, '10 SECOND') };
    if (this.#ordersDay.at(now) + placed > this.limits.ordersPerDay) return { usedWeight, orderCounts: null, refusal: tooManyOrders(this.limits.ordersPerDay, 'DAY') };
    return { usedWeight, orderCounts: { tenSeconds: this.#orders10s.add(now, placed), day: this.#ordersDay.add(now, placed) }, refusal: null };
  }
}

function tooManyOrders(limit: number, interval: string): NonNullable<SimCharge['refusal']> {
  return { code: -1015, msg: `Too many new orders; current limit is ${limit} orders per ${interval}.`, retryAfterSeconds: null };
}
