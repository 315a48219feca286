/** REST endpoints of the simulator, by the name a test uses to aim a fault. */
export type SimEndpoint =
  | 'ping'
  | 'time'
  | 'exchangeInfo'
  | 'klines'
  | 'ticker24hr'
  | 'account'
  | 'createOrder'
  | 'queryOrder'
  | 'cancelOrder'
  | 'openOrders'
  | 'myTrades'
  | 'createOrderList'
  | 'cancelOrderList'
  | 'queryOrderList'
  | 'openOrderLists'
  | 'tradeFee'
  | 'userDataStream';

/**
 * What the server does to the next matching request instead of (or after) serving it.
 * - hang: never answers and changes nothing (a timeout *before* the order is placed).
 * - hangAfterApplying: does the work (places / cancels), then never answers (timeout *after*).
 * - duplicate: answers -2010 "Duplicate order sent."; with `placed`, after placing the order (as when an
 *   earlier copy of the request got through), else without placing.
 * - rateLimit: HTTP 429, with Retry-After (seconds) when given; banned: HTTP 418 with Retry-After.
 * - serverError: an HTML 5xx page (default 503); reset: the TCP connection is destroyed.
 * - insufficientFunds: -2010 "Account has insufficient balance for requested action.".
 * - invalidOrder: -1013 "Filter failure: LOT_SIZE".
 * - slow: waits `beforeMs`; a request whose client has gone meanwhile is dropped unapplied (as if it
 *   never arrived), else it is applied and answered `afterMs` later (the work stays done when the
 *   client goes during that wait). Widens the windows around an exchange call for crash tests.
 * - hold: waits until the test calls `BinanceSim.release(id, { apply })`: applied (and answered, if
 *   the client is still there) or dropped unapplied (never answered). `BinanceSim.held()` lists the waiting ones.
 */
export type SimFault =
  | { readonly kind: 'hang' }
  | { readonly kind: 'hangAfterApplying' }
  | { readonly kind: 'duplicate'; readonly placed?: boolean }
  | { readonly kind: 'rateLimit'; readonly retryAfterSeconds?: number }
  | { readonly kind: 'banned'; readonly retryAfterSeconds: number }
  | { readonly kind: 'serverError'; readonly status?: number }
  | { readonly kind: 'reset' }
  | { readonly kind: 'insufficientFunds' }
  | { readonly kind: 'invalidOrder' }
  | { readonly kind: 'slow'; readonly beforeMs?: number; readonly afterMs?: number }
  | { readonly kind: 'hold' };

interface Armed {
  readonly endpoint: SimEndpoint | '*';
  readonly fault: SimFault;
  remaining: number;
}

/** Faults armed by tests, each for the next `times` requests (Infinity: until cleared) of one endpoint (or of any: '*'). */
export class SimFaults {
  #armed: Armed[] = [];

  arm(endpoint: SimEndpoint | '*', fault: SimFault, times = 1): void {
    this.#armed.push({ endpoint, fault, remaining: times });
  }

  /** Takes the first armed fault for this endpoint, if any. */
  take(endpoint: SimEndpoint): SimFault | null {
    const armed = this.#armed.find((a) => a.endpoint === endpoint || a.endpoint === '*');
    if (armed === undefined) return null;
    armed.remaining -= 1;
    if (armed.remaining <= 0) this.#armed = this.#armed.filter((a) => a !== armed);
    return armed.fault;
  }

  clear(): void {
    this.#armed = [];
  }
}
