/*
 * ccxt 4.5's websocket futures (js/src/base/ws/Future.js) pin the watch that first waited on
 * them. A future's first subscribe() attaches `p.catch(() => {})`, and that arrow keeps the
 * subscribe call's scope alive for as long as the future is pending: the handler of that first
 * subscriber, which for a watch over many symbols (watchOHLCVForSymbols, watchTickers) is a
 * Future.race over every symbol's future, with one unsubscribe closure per symbol. The race
 * settled long ago, but each pending future whose first waiter it was keeps it, and through its
 * closures the futures of that time. With updates arriving symbol by symbol, each symbol's
 * future is first met by a different race: up to one retained race per symbol, each holding one
 * closure per symbol, so memory grows with the square of the symbols (100 pairs: 100 races of
 * 100 closures, ~1 MB per stream; ws-futures.test.ts counts them).
 *
 * The remedy changes nothing ccxt does: a future is subscribed once, with handlers that do
 * nothing, and unsubscribed at once, when the client creates it. That first subscribe attaches
 * the same rejection handler ccxt's own first subscriber would have, but its scope holds only
 * the no-op handler; the races that subscribe next keep nothing once they settle.
 */

interface WsFuture {
  subscribe?: (onFulfil: (value: unknown) => void, onReject: (reason: unknown) => void) => () => void;
}

/** The part of ccxt's WsClient this touches. */
export interface WsFutureSource {
  futures: Record<string, unknown>;
  future(messageHash: string): unknown;
}

const unpinned = new WeakSet<object>();
const nothing = (): void => {};

/** Makes `ws` subscribe each future it creates once with no-op handlers (see above); idempotent. */
export function unpinFirstWaiters(ws: WsFutureSource): void {
  if (unpinned.has(ws)) return;
  unpinned.add(ws);
  const create = ws.future.bind(ws);
  ws.future = (messageHash: string): unknown => {
    const fresh = !(messageHash in ws.futures);
    const future = create(messageHash) as WsFuture;
    if (fresh && typeof future.subscribe === 'function') future.subscribe(nothing, nothing)();
    return future;
  };
}
