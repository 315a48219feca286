import type { Order } from 'ccxt';
import type { ExchangeOrder } from '../../../domain/ports/exchange.port.js';
import type { BalanceBook } from './balance-book.js';
import type { BalanceStreamEvent } from './binance-account-events.js';
import type { ExchangeCapabilities } from './capabilities.js';
import type { CcxtClient } from './ccxt-client.js';
import type { MarketCatalog } from './market-catalog.js';
import { listIdOfLeg } from './oco-lists.js';
import { isListLeg } from './order-lists.js';
import type { OrderTracker } from './order-tracker.js';
import type { OrderTranslator } from './order-translator.js';
import { OrderWatch, type OrderWatchSettings, type OrderWatchState } from './order-watch.js';
import type { ExchangeLogger } from './secret-redactor.js';

export interface OrderWatchStatus {
  readonly state: OrderWatchState;
  readonly subscriptions: number;
  readonly drops: number;
  /** Orders the watch remembers handing on (bounded by ccxt's orders cache). */
  readonly remembered: number;
}

/** The connector's own calls, so that what the stream re-reads is noted like any other answer. */
export interface OrderStreamConnector {
  /** The ccxt client the account's stream runs on, markets loaded: the connector's own (its REST calls use no websocket). */
  accountStreamClient(): Promise<CcxtClient>;
  fetchOpenOrders(symbol?: string): Promise<readonly ExchangeOrder[]>;
  fetchOrder(symbol: string, clientOrderId: string): Promise<ExchangeOrder | null>;
  fetchBalance(): Promise<unknown>;
}

/** The balance book the stream feeds, and how a raw stream message reads for it (client order ids as the stream has them). */
export interface StreamedBalances {
  readonly book: BalanceBook;
  readonly eventOf: (message: unknown, orderIdOf: (clientOrderId: string) => string) => BalanceStreamEvent | null;
}

export interface OrderStreamOptions {
  readonly connector: OrderStreamConnector;
  readonly capabilities: ExchangeCapabilities;
  /** There are API keys: without, there is no account stream. */
  readonly signedIn: boolean;
  readonly markets: MarketCatalog;
  readonly tracker: OrderTracker;
  readonly translator: OrderTranslator;
  /** Notes an order's latest view (tracker and watch). */
  readonly observe: (order: ExchangeOrder) => ExchangeOrder;
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly log: ExchangeLogger;
  readonly settings: OrderWatchSettings;
  /** Where balances come on the stream (capabilities.balanceStream); null: they do not. */
  readonly balances: StreamedBalances | null;
}

/**
 * The connector's side of the watchOrders stream: starts the OrderWatch on first use (where the
 * exchange streams orders and there are keys) and gives it what it needs: which streamed
 * orders are the bot's, how to complete one with its trades, and the REST re-read after a (re)subscription.
 */
export class OrderStream {
  #watch: OrderWatch | null = null;
  #listener: (() => void) | null = null;
  #closed = false;

  constructor(private readonly options: OrderStreamOptions) {}

  /** The watch, started lazily; null where there is none. */
  watch(): OrderWatch | null {
    if (this.#watch !== null || this.#closed) return this.#watch;
    const { connector, capabilities, markets, tracker, log, settings } = this.options;
    if (!capabilities.watchOrders || !this.options.signedIn) return null;
    const authParams = capabilities.watchOrdersAuthenticate;
    this.#watch = new OrderWatch({
      streamClient: async () => this.#tap(await connector.accountStreamClient()),
      confirmSubscription: authParams === null ? null : (client) => (client as unknown as { authenticate(p: object): Promise<unknown> }).authenticate({ ...authParams }).then(() => undefined),
      clientOrderIdOf: (order) => this.#clientOrderIdOf(order),
      accepts: (order) => markets.loaded(order.symbol) !== undefined && tracker.accepts(this.#clientOrderIdOf(order)),
      map: (order) => this.#map(order),
      resync: () => this.#resync(),
      recheck: async (symbol, clientOrderId) => void (await connector.fetchOrder(symbol, clientOrderId)),
      sleep: (ms, signal) => this.options.sleep(ms, signal),
      log,
      settings,
      ...(this.options.balances === null ? {} : { connection: this.options.balances.book }),
    });
    if (this.#listener !== null) this.#watch.listen(this.#listener);
    return this.#watch;
  }

  /** `listener` is told whenever streamed updates wait to be taken (now, or once the watch starts). */
  listen(listener: () => void): void {
    this.#listener = listener;
    this.#watch?.listen(listener);
  }

  status(): OrderWatchStatus | null {
    const w = this.#watch;
    return w === null ? null : { state: w.state, subscriptions: w.subscriptions, drops: w.drops, remembered: w.remembered };
  }

  /** A complete view of the order arrived: the watch stops waiting for its trades. */
  settled(clientOrderId: string): void {
    this.#watch?.settled(clientOrderId);
  }

  /** Stops the watch for good: none is started after. */
  async close(): Promise<void> {
    this.#closed = true;
    const watch = this.#watch;
    this.#watch = null;
    await watch?.close();
  }

  /** An OCO leg (its id derived from the list's, oco-lists.ts) stands for its list. */
  #clientOrderIdOf(order: Order): string {
    const list = this.options.capabilities.stopOrders !== null && isListLeg(order) ? listIdOfLeg(order.clientOrderId) : undefined;
    return list ?? order.clientOrderId ?? '';
  }

  /**
   * Feeds the balance book with the stream's raw messages, ahead of ccxt, which keeps balances as
   * floats and keeps them across reconnects. The watch tells the book of subscriptions and drops.
   */
  #tap(client: CcxtClient): CcxtClient {
    const balances = this.options.balances;
    if (balances === null) return client;
    const { book, eventOf } = balances;
    const orderIdOf = (id: string): string => (this.options.capabilities.stopOrders !== null ? (listIdOfLeg(id) ?? id) : id);
    const hooks = client as unknown as Record<'handleMessage', (ws: unknown, message: unknown) => unknown>;
    const handle = hooks.handleMessage.bind(client);
    hooks.handleMessage = (ws, message) => {
      const event = eventOf(message, orderIdOf);
      if (event?.kind === 'account') book.account(event.position);
      else if (event?.kind === 'announced') book.announced(event.clientOrderId, event.ended);
      else if (event?.kind === 'terminated') book.dropped();
      return handle(ws, message);
    };
    return client;
  }

  /**
   * A streamed order with all its trades (ccxt's, else REST); null when they cannot all be read
   * now. A leg's report is the news that its OCO list changed: the list is read over REST, as
   * fetchOrder gives it.
   */
  async #map(order: Order): Promise<ExchangeOrder | null> {
    const { connector, markets, translator, log, observe } = this.options;
    const market = markets.loaded(order.symbol);
    if (market === undefined) return null;
    const id = this.#clientOrderIdOf(order);
    if (id !== order.clientOrderId) {
      const list = await connector.fetchOrder(market.symbol, id);
      return list !== null && translator.tradesComplete(list) ? list : null;
    }
    const mapped = await translator.completeStreamed(order, market);
    if (!translator.tradesComplete(mapped)) {
      log.warn({ clientOrderId: mapped.clientOrderId, filled: mapped.filled.toString() }, 'streamed fill without all its trades yet');
      return null;
    }
    return observe(mapped);
  }

  /** After a (re)subscription: the bot's open orders, and every working order no longer open, over REST. */
  async #resync(): Promise<ExchangeOrder[]> {
    const { connector, capabilities, tracker } = this.options;
    const out: ExchangeOrder[] = [];
    const seen = new Set<string>();
    const symbols = capabilities.fetchOpenOrdersWithoutSymbol ? [undefined] : tracker.workingSymbols();
    for (const symbol of symbols) {
      for (const order of await connector.fetchOpenOrders(symbol)) {
        if (!tracker.accepts(order.clientOrderId)) continue;
        seen.add(order.clientOrderId);
        out.push(order);
      }
    }
    for (const [clientOrderId, symbol] of tracker.working()) {
      if (seen.has(clientOrderId)) continue;
      const order = await connector.fetchOrder(symbol, clientOrderId);
      if (order !== null) out.push(order);
    }
    // the balances too, read after the subscription: they seed the balance book (a failure leaves it to the next fetchBalance)
    if (this.options.balances !== null) await connector.fetchBalance().catch((error: unknown) => this.options.log.warn({ error: error instanceof Error ? error.message : String(error) }, 'balance read after subscribing failed'));
    return out;
  }
}
