import type { Order } from 'ccxt';
import type { ExchangeOrder } from '../../../domain/ports/exchange.port.js';
import type { CcxtClient } from './ccxt-client.js';
import type { ExchangeLogger } from './secret-redactor.js';

/** Where the order stream stands; only `up` lets takeOrderUpdates() vouch for completeness. */
export type OrderWatchState = 'idle' | 'connecting' | 'resyncing' | 'up' | 'down' | 'closed';

export interface OrderWatchSettings {
  /** First wait before resubscribing after a drop; doubles up to reconnectMaxMs. On the injected clock. */
  readonly reconnectBaseMs: number;
  readonly reconnectMaxMs: number;
}

export const DEFAULT_ORDER_WATCH: OrderWatchSettings = Object.freeze({ reconnectBaseMs: 1_000, reconnectMaxMs: 60_000 });

/** What the connector provides to the watch. */
export interface OrderWatchHost {
  /** A ccxt.pro client for the stream (ccxt's own wall-clock reconnect off). */
  streamClient(): Promise<CcxtClient>;
  /**
   * Resolves once the exchange confirmed the user-data subscription (Binance: ccxt's
   * authenticate()); null where there is no such confirmation, the first event then proves it.
   */
  readonly confirmSubscription: ((client: CcxtClient) => Promise<void>) | null;
  /** Whether a streamed order is the bot's (its prefix, or an id it sent or asked about) on a market it knows. */
  accepts(order: Order): boolean;
  /** The clientOrderId the bot knows a streamed order by (an OCO leg: its list's). */
  clientOrderIdOf(order: Order): string;
  /** A streamed order as the port's ExchangeOrder, trades complete (REST where the stream has only totals); null when they cannot be completed now. */
  map(order: Order): Promise<ExchangeOrder | null>;
  /** REST re-read of the bot's working orders, after every (re)subscription. */
  resync(): Promise<readonly ExchangeOrder[]>;
  /** Asks the exchange (REST) about one order again; called until its trades are complete. */
  recheck(symbol: string, clientOrderId: string): Promise<void>;
  readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  readonly log: ExchangeLogger;
  readonly settings: OrderWatchSettings;
  /** Told as the connection is made, confirmed subscribed, and lost (or closed): the balance book's epochs. */
  readonly connection?: { connecting(): void; subscribed(): void; dropped(): void };
}

interface Pending {
  readonly order: Order;
}

/**
 * ccxt creates some futures nobody awaits (Binance: 'authenticate:signature:spot', made ahead of
 * the subscribe request) and rejects them when the connection fails: an unhandled rejection.
 * The connection's failure reaches us through the calls we await; these are just marked handled.
 */
function handleOrphanFutures(client: CcxtClient): void {
  const clients = (client as unknown as { clients?: Record<string, { futures?: Record<string, Promise<unknown> | undefined> }> }).clients ?? {};
  for (const ws of Object.values(clients)) for (const future of Object.values(ws.futures ?? {})) future?.catch(() => undefined);
}

const aborted = (signal: AbortSignal): Promise<never> =>
  new Promise((_, reject) => {
    if (signal.aborted) reject(new Error('order watch closed'));
    else signal.addEventListener('abort', () => reject(new Error('order watch closed')), { once: true });
  });

/**
 * ccxt.pro watchOrders in the background: streamed order changes of the bot's orders are
 * mapped and queued for takeOrderUpdates(). The queue is only handed out while the stream is
 * known complete: subscribed, then the working orders re-read over REST, no drop since, and
 * no streamed fill whose trades are still unread. Otherwise take() says undefined: poll.
 */
export class OrderWatch {
  #state: OrderWatchState = 'idle';
  #queue: ExchangeOrder[] = [];
  /** Told when updates were queued. */
  #listener: (() => void) | null = null;
  readonly #raw: Pending[] = [];
  /** Orders whose streamed fill could not be completed with trades yet: clientOrderId -> symbol. */
  readonly #incomplete = new Map<string, string>();
  /** What the reader last handed on per order id, to find cache entries whose resolution ccxt dropped. */
  readonly #handed = new Map<string, string>();
  readonly #stop = new AbortController();
  #client: CcxtClient | null = null;
  #loop: Promise<void> | null = null;
  #mapping: Promise<void> = Promise.resolve();
  #wakeMapper: (() => void) | null = null;
  #mapperRunning = false;
  /** Subscriptions made (the first and every reconnect). */
  subscriptions = 0;
  drops = 0;

  constructor(private readonly host: OrderWatchHost) {}

  get state(): OrderWatchState {
    return this.#state;
  }

  /** Starts the background watch once; later calls do nothing. */
  start(): void {
    if (this.#loop !== null || this.#stop.signal.aborted) return;
    this.#state = 'connecting';
    this.#loop = this.#run();
  }

  /** The updates since the last call, or undefined when the stream cannot vouch for completeness now. */
  take(): readonly ExchangeOrder[] | undefined {
    this.start();
    this.#sweepCache();
    if (this.#state !== 'up' || this.#incomplete.size > 0) {
      // The caller polls every working order now, which covers whatever was queued.
      this.#queue = [];
      return undefined;
    }
    const out = this.#queue;
    this.#queue = [];
    return Object.freeze(out);
  }

  /** `listener` is told each time updates were queued for take(); one listener, a later call replaces it. */
  listen(listener: () => void): void {
    this.#listener = listener;
  }

  #push(updates: readonly ExchangeOrder[]): void {
    for (const u of updates) {
      this.#queue.push(u);
    }
    if (updates.length > 0) this.#listener?.();
  }

  /** A complete view of an order arrived (any path): a pending trade read for it is settled. */
  settled(clientOrderId: string): void {
    this.#incomplete.delete(clientOrderId);
  }

  async close(): Promise<void> {
    this.#state = 'closed';
    this.host.connection?.dropped();
    this.#stop.abort();
    this.#wakeMapper?.();
    await this.#client?.close().catch(() => undefined);
    await this.#loop?.catch(() => undefined);
    await this.#mapping.catch(() => undefined);
  }

  async #run(): Promise<void> {
    const { settings, log } = this.host;
    const signal = this.#stop.signal;
    let backoff = settings.reconnectBaseMs;
    this.#mapping = this.#mapper();
    while (!signal.aborted) {
      try {
        this.#state = 'connecting';
        const client = (this.#client ??= await this.host.streamClient());
        if (signal.aborted) return;
        this.host.connection?.connecting();
        if (this.host.confirmSubscription !== null) {
          const confirmed = this.host.confirmSubscription(client);
          handleOrphanFutures(client);
          await Promise.race([confirmed, aborted(signal)]);
        }
        let firstEvent!: () => void;
        const sawEvent = new Promise<void>((resolve) => (firstEvent = resolve));
        const reader = this.#read(client, firstEvent, signal);
        handleOrphanFutures(client);
        const ended = reader.then(() => Promise.reject(new Error('order stream ended')));
        ended.catch(() => undefined);
        if (this.host.confirmSubscription === null) await Promise.race([sawEvent, ended, aborted(signal)]);
        this.subscriptions += 1;
        this.host.connection?.subscribed();
        this.#state = 'resyncing';
        const snapshot = await Promise.race([this.host.resync(), ended, aborted(signal)]);
        this.#push(snapshot);
        this.#state = 'up';
        log.info({ subscriptions: this.subscriptions }, 'order stream up; working orders re-read');
        backoff = settings.reconnectBaseMs;
        await Promise.race([ended, aborted(signal)]);
      } catch (error) {
        this.host.connection?.dropped();
        if (signal.aborted) return;
        this.#state = 'down';
        this.drops += 1;
        log.warn({ error: error instanceof Error ? error.message : String(error), reconnectInMs: backoff }, 'order stream lost; the loop polls working orders until it is back and re-read');
        await this.#reset();
        try {
          await Promise.race([this.host.sleep(backoff, signal), aborted(signal)]);
        } catch {
          return;
        }
        backoff = Math.min(settings.reconnectMaxMs, backoff * 2);
      }
    }
  }

  async #reset(): Promise<void> {
    const client = this.#client;
    if (client === null) return;
    await client.close().catch(() => undefined);
    (client as unknown as { orders?: unknown }).orders = undefined;
    this.#handed.clear();
  }

  /**
   * Reads watchOrders and re-arms it with no await in between: ccxt drops a resolution nobody
   * waits for, so the (possibly slow) mapping happens elsewhere.
   */
  async #read(client: CcxtClient, firstEvent: () => void, signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      const orders = await client.watchOrders();
      firstEvent();
      for (const order of orders) this.#hand(order);
    }
  }

  #hand(order: Order): void {
    if (order.id !== undefined) this.#handed.set(order.id, `${order.status}|${order.filled}`);
    if (!this.host.accepts(order)) return;
    this.#raw.push({ order });
    this.#wakeMapper?.();
  }

  /** Belt and braces: an update ccxt cached without resolving the watch (no waiter at that instant) is handed on here. */
  #sweepCache(): void {
    if (this.#state !== 'up' || this.#client === null) return;
    const cache = (this.#client as unknown as { orders?: Iterable<Order> }).orders;
    if (cache === undefined) return;
    const cached = new Set<string>();
    for (const order of cache) {
      if (order.id === undefined) continue;
      cached.add(order.id);
      if (this.#handed.get(order.id) !== `${order.status}|${order.filled}`) this.#hand(order);
    }
    // an order ccxt no longer caches needs no comparing: what is remembered stays within ccxt's ordersLimit
    for (const id of this.#handed.keys()) if (!cached.has(id)) this.#handed.delete(id);
  }

  /** Orders whose last hand-on the watch remembers (at most ccxt's cache of them after each sweep). */
  get remembered(): number {
    return this.#handed.size;
  }

  async #mapper(): Promise<void> {
    if (this.#mapperRunning) return;
    this.#mapperRunning = true;
    const signal = this.#stop.signal;
    while (!signal.aborted) {
      const next = this.#raw.shift();
      if (next === undefined) {
        await new Promise<void>((resolve) => (this.#wakeMapper = resolve));
        this.#wakeMapper = null;
        continue;
      }
      const { order } = next;
      const cid = this.host.clientOrderIdOf(order);
      let mapped: ExchangeOrder | null = null;
      try {
        mapped = await this.host.map(order);
      } catch (error) {
        this.host.log.warn({ clientOrderId: cid, error: error instanceof Error ? error.message : String(error) }, 'streamed order update unreadable; the loop polls until it is read');
      }
      if (mapped !== null) {
        this.#push([mapped]);
        this.#incomplete.delete(cid);
      } else {
        // Until a complete view of this order arrives, take() makes the loop poll.
        this.#incomplete.set(cid, order.symbol ?? '');
        if (order.symbol !== undefined) void this.#recheck(order.symbol, cid);
      }
    }
  }

  /** Re-reads an order whose streamed fill lacks its trades until a complete view settles it. */
  async #recheck(symbol: string, clientOrderId: string): Promise<void> {
    const { settings, sleep, log } = this.host;
    const signal = this.#stop.signal;
    for (let wait = settings.reconnectBaseMs; this.#incomplete.has(clientOrderId) && !signal.aborted; wait = Math.min(settings.reconnectMaxMs, wait * 2)) {
      try {
        await Promise.race([sleep(wait, signal), aborted(signal)]);
        if (!this.#incomplete.has(clientOrderId)) return;
        await this.host.recheck(symbol, clientOrderId);
      } catch (error) {
        if (signal.aborted) return;
        log.warn({ clientOrderId, error: error instanceof Error ? error.message : String(error) }, 'order re-read failed; will retry');
      }
    }
  }
}
