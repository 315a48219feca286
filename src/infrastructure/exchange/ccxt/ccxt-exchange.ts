import { setTimeout as delay } from 'node:timers/promises';
import type { Order } from 'ccxt';
import type { Clock } from '../../../domain/ports/clock.port.js';
import { OrderRefusedError } from '../../../domain/ports/exchange.errors.js';
import type { Balances, Exchange, ExchangeOrder, OrderRequest } from '../../../domain/ports/exchange.port.js';
import type { Candle, Timeframe } from '../../../domain/shared/candle.js';
import type { MarketRules } from '../../../domain/shared/market-rules.js';
import { AccountBalances } from './account-balances.js';
import { capabilitiesFor, type ExchangeCapabilities } from './capabilities.js';
import { CcxtCalls } from './ccxt-calls.js';
import { createCcxtClient, HostGate, type CcxtClient, type CcxtClientOptions } from './ccxt-client.js';
import { checkSteps } from './ccxt-mapping.js';
import { MarketCatalog } from './market-catalog.js';
import { fetchOhlcvPages, type OhlcvQuery } from './ohlcv-pages.js';
import { OrderBudget } from './order-budget.js';
import { isListLeg, OrderLists } from './order-lists.js';
import { OrderStream, type OrderWatchStatus } from './order-stream.js';
import { OrderTracker } from './order-tracker.js';
import { OrderTranslator } from './order-translator.js';
import { DEFAULT_ORDER_WATCH, type OrderWatchSettings } from './order-watch.js';
import { DEFAULT_RETRY, type RetryPolicy } from './read-retry.js';
import { SecretRedactor, SILENT_LOGGER, type ExchangeCredentials, type ExchangeLogger } from './secret-redactor.js';

export type { OhlcvQuery, OrderWatchStatus };

export interface CcxtExchangeOptions {
  /** A ccxt exchange id, e.g. 'binance'. */
  readonly exchangeId: string;
  /** Decides when a Retry-After has passed; SystemClock live, a simulated clock in tests. */
  readonly clock: Clock;
  /** Waits on `clock` (and gives up when `signal` aborts); real timers by default. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly credentials?: ExchangeCredentials;
  /** Trade on the exchange's test network (ccxt's sandbox, e.g. Binance's spot testnet); `urls` still override its addresses. */
  readonly sandbox?: boolean;
  /** Overrides of ccxt's `urls.api` (tests: the local exchange server). */
  readonly urls?: { readonly api: Readonly<Record<string, unknown>> };
  /** ccxt's per-request timeout; default 10 s. */
  readonly timeoutMs?: number;
  readonly retry?: Partial<RetryPolicy>;
  readonly capabilities?: Partial<ExchangeCapabilities>;
  /** More ccxt constructor settings, e.g. { rateLimit: 50 }. The rate limiter itself stays on. */
  readonly ccxtConfig?: Readonly<Record<string, unknown>>;
  readonly logger?: ExchangeLogger;
  /**
   * The bot's clientOrderId prefix: streamed updates of orders with it (or ones this connector
   * sent or was asked about) are the bot's. Absent: every streamed order counts (the loop
   * ignores orders it does not know).
   */
  readonly clientOrderIdPrefix?: string;
  /** Reconnect backoff of the watchOrders stream, on `clock`. */
  readonly orderWatch?: Partial<OrderWatchSettings>;
}

/**
 * The Exchange port over ccxt. createOrder and cancelOrder are sent exactly once; reads are
 * retried with backoff on temporary trouble and every request waits out a host's Retry-After.
 * Errors leave as the domain's kinds, without credentials in them. The parts: CcxtCalls (error
 * translation, retries), MarketCatalog (markets, account fee rates), OrderTranslator (orders with
 * their trades), OrderTracker (which orders are the bot's), OrderStream (watchOrders).
 */
export class CcxtExchange implements Exchange {
  readonly id: string;
  readonly capabilities: ExchangeCapabilities;
  readonly orderConcurrency: number;
  /** Sells carry their stop to the exchange (capabilities.stopOrders): a take profit with a stop is one OCO list. */
  readonly supportsStopPrice: boolean;
  readonly #client: CcxtClient;
  readonly #clientOptions: CcxtClientOptions;
  readonly #log: ExchangeLogger;
  readonly #calls: CcxtCalls;
  readonly #markets: MarketCatalog;
  readonly #orders: OrderTranslator;
  readonly #tracker: OrderTracker;
  readonly #stream: OrderStream;
  readonly #lists: OrderLists;
  readonly #orderBudget: OrderBudget;
  readonly #balances: AccountBalances;

  private constructor(client: CcxtClient, clientOptions: CcxtClientOptions, options: CcxtExchangeOptions, redactor: SecretRedactor, sleep: (ms: number, signal?: AbortSignal) => Promise<void>) {
    const { capabilities, log } = clientOptions;
    this.id = options.exchangeId;
    this.capabilities = capabilities;
    this.orderConcurrency = capabilities.orderConcurrency;
    this.supportsStopPrice = capabilities.stopOrders !== null;
    this.#client = client;
    this.#clientOptions = clientOptions;
    this.#log = log;
    const signedIn = options.credentials !== undefined;
    this.#calls = new CcxtCalls({ exchangeId: options.exchangeId, capabilities, redactor, log, retry: { ...DEFAULT_RETRY, ...options.retry }, sleep });
    this.#markets = new MarketCatalog(client, this.#calls, { exchangeId: options.exchangeId, feeRatesOffered: capabilities.fetchTradingFees, signedIn, clock: options.clock, log });
    this.#orders = new OrderTranslator(client, this.#calls, capabilities, log, options.clock);
    this.#lists = new OrderLists(client, this.#calls, this.#orders);
    this.#tracker = new OrderTracker(options.clientOrderIdPrefix);
    this.#orderBudget = new OrderBudget(capabilities.orderRateLimits, options.clock, sleep);
    const settings: OrderWatchSettings = { ...DEFAULT_ORDER_WATCH, ...options.orderWatch };
    const observe = (order: ExchangeOrder): ExchangeOrder => this.#observe(order);
    this.#balances = new AccountBalances(client, this.#calls, this.#markets, capabilities, signedIn);
    const connector = { accountStreamClient: () => this.#markets.ensureLoaded().then(() => client), fetchOpenOrders: (symbol?: string) => this.fetchOpenOrders(symbol), fetchOrder: (symbol: string, id: string) => this.fetchOrder(symbol, id), fetchBalance: () => this.fetchBalance() };
    // the account's stream on the connector's own client: a client of its own would cost ~0.45 MB of ccxt (its REST methods and tables)
    this.#stream = new OrderStream({ connector, capabilities, signedIn, markets: this.#markets, tracker: this.#tracker, translator: this.#orders, observe, sleep, log, settings, balances: this.#balances.streamed });
  }

  static async create(options: CcxtExchangeOptions): Promise<CcxtExchange> {
    const redactor = new SecretRedactor(options.credentials);
    const log = redactor.logger(options.logger ?? SILENT_LOGGER);
    const sleep = options.sleep ?? ((ms: number, signal?: AbortSignal) => delay(ms, undefined, signal === undefined ? undefined : { signal }).then(() => undefined));
    const { exchangeId, credentials, sandbox, urls, timeoutMs, ccxtConfig, clock } = options;
    const capabilities = capabilitiesFor(exchangeId, options.capabilities, { sandbox: sandbox === true });
    const clientOptions: CcxtClientOptions = { exchangeId, capabilities, credentials, sandbox, urls, timeoutMs, ccxtConfig, gate: new HostGate(clock, sleep, log), clock, log };
    return new CcxtExchange(await createCcxtClient(clientOptions), clientOptions, options, redactor, sleep);
  }

  /** A second ccxt client with the same settings, host gate and markets, for a market data stream (the account's runs on the connector's). */
  async streamClient(): Promise<CcxtClient> {
    await this.#markets.ensureLoaded();
    const client = await createCcxtClient(this.#clientOptions);
    // ccxt's setMarkets would deep-copy every market per client (4.5 MB at 1,500 markets): the streams share the connector's
    client.setMarketsFromExchange(this.#client);
    return client;
  }

  get logger(): ExchangeLogger {
    return this.#log;
  }

  loadMarkets(): Promise<readonly MarketRules[]> {
    return this.#markets.load();
  }

  /** From the user-data stream while it vouches for every change (balance-book.ts), else over REST. */
  fetchBalance(currencies?: readonly string[]): Promise<Balances> {
    return this.#balances.fetch(currencies);
  }

  async createOrder(request: OrderRequest): Promise<ExchangeOrder> {
    const market = await this.#markets.market(request.symbol);
    const { clientOrderId, symbol, side, type, amount, price } = request;
    const action = `createOrder ${type} ${side} ${symbol} ${clientOrderId}`;
    checkSteps(request, market);
    this.#log.debug({ clientOrderId, symbol, side, type, amount: amount.toString(), price: price?.toString() ?? null }, 'sending order (once, never retried)');
    const stopPrice = request.stopPrice ?? null;
    if (stopPrice !== null && (!this.supportsStopPrice || side !== 'sell')) throw new OrderRefusedError(`${action}: ${this.id} holds no stop prices for it here`, 'invalid_order');
    if (stopPrice !== null) checkSteps({ ...request, price: stopPrice }, market);
    const list = stopPrice !== null && price !== null;
    await this.#orderBudget.take(list ? 2 : 1);
    this.#tracker.sending(clientOrderId, symbol);
    this.#balances.sending(clientOrderId, 'create');
    if (list) return this.#observe(await this.#lists.place(request, market).catch((error: unknown) => this.#failed(clientOrderId, error)));
    let order: Order;
    try {
      const params = { [this.capabilities.clientOrderIdParam]: clientOrderId, ...(stopPrice !== null && { stopLossPrice: stopPrice.toNumber() }) };
      order = await this.#client.createOrder(symbol, stopPrice === null ? type : 'market', side, amount.toNumber(), price === null ? undefined : price.toNumber(), params);
    } catch (error) {
      return this.#failed(clientOrderId, this.#calls.fail(error, 'create', action, clientOrderId));
    }
    this.#log.debug({ clientOrderId, exchangeOrderId: order.id, status: order.status }, 'order accepted');
    return this.#observe(await this.#orders.complete(order, market, clientOrderId));
  }

  async cancelOrder(symbol: string, clientOrderId: string): Promise<ExchangeOrder> {
    const market = await this.#markets.market(symbol);
    const action = `cancelOrder ${symbol} ${clientOrderId}`;
    this.#balances.sending(clientOrderId, 'cancel');
    if (this.#lists.isKnown(clientOrderId)) return this.#observe(await this.#lists.cancel(market, clientOrderId).catch((error: unknown) => this.#failed(clientOrderId, error)));
    let order: Order;
    try {
      order = await this.#client.cancelOrder('', symbol, { [this.capabilities.clientOrderIdLookupParam]: clientOrderId });
    } catch (error) {
      const refused = this.#calls.fail(error, 'cancel', action, clientOrderId);
      if (refused instanceof OrderRefusedError && refused.reason === 'order_not_found') {
        // Exchanges answer "unknown order" for orders that already ended; report how it ended.
        const ended = await this.fetchOrder(symbol, clientOrderId);
        if (ended !== null && ended.status !== 'open') return ended;
        // no plain order by that id, but an open OCO list (one this connector had not met yet)
        if (ended !== null && this.#lists.isKnown(clientOrderId)) return this.#observe(await this.#lists.cancel(market, clientOrderId));
      }
      return this.#failed(clientOrderId, refused);
    }
    return this.#observe(await this.#orders.complete(order, market, clientOrderId));
  }

  async fetchOrder(symbol: string, clientOrderId: string): Promise<ExchangeOrder | null> {
    const market = await this.#markets.market(symbol);
    this.#tracker.askedAbout(clientOrderId, symbol);
    const list = this.#lists.isKnown(clientOrderId) ? await this.#lists.fetch(market, clientOrderId) : null;
    if (list !== null) return this.#observe(list);
    let order: Order;
    try {
      order = await this.#calls.read(`fetchOrder ${symbol} ${clientOrderId}`, () => this.#client.fetchOrder('', symbol, { [this.capabilities.clientOrderIdLookupParam]: clientOrderId }));
    } catch (error) {
      if (error instanceof OrderRefusedError && error.reason === 'order_not_found') {
        // no plain order by that id: it may name an OCO list (placed before a restart); absent only when neither exists
        const found = this.supportsStopPrice && !this.#lists.isKnown(clientOrderId) ? await this.#lists.fetch(market, clientOrderId) : null;
        if (found !== null) return this.#observe(found);
        this.#tracker.unknownToExchange(clientOrderId);
        this.#stream.settled(clientOrderId);
        this.#balances.answered(clientOrderId);
        return null;
      }
      throw error;
    }
    return this.#observe(await this.#orders.complete(order, market, clientOrderId));
  }

  async fetchOpenOrders(symbol?: string): Promise<readonly ExchangeOrder[]> {
    await this.#markets.ensureLoaded();
    const symbols = symbol !== undefined ? [symbol] : this.capabilities.fetchOpenOrdersWithoutSymbol ? [undefined] : this.#markets.symbols;
    const out: ExchangeOrder[] = [];
    for (const s of symbols) {
      const orders = await this.#calls.read(`fetchOpenOrders ${s ?? 'all'}`, () => this.#client.fetchOpenOrders(s));
      for (const order of orders) {
        const market = this.#markets.loaded(order.symbol);
        // an OCO leg is part of its list's one order, below
        if (market !== undefined && !(this.supportsStopPrice && isListLeg(order))) out.push(this.#observe(await this.#orders.complete(order, market), this.#tracker.accepts(order.clientOrderId)));
      }
    }
    if (this.supportsStopPrice) {
      const markets = symbols.flatMap((s) => (s === undefined ? this.#markets.symbols : [s])).flatMap((s) => this.#markets.loaded(s) ?? []);
      for (const list of await this.#lists.open(markets)) out.push(this.#observe(list, this.#tracker.accepts(list.clientOrderId)));
    }
    return Object.freeze(out);
  }

  /** Candles with openTime >= since (and < until), page after page, oldest first, no duplicates. */
  async fetchOHLCV(symbol: string, timeframe: Timeframe, since: number, query: OhlcvQuery = {}): Promise<Candle[]> {
    await this.#markets.market(symbol);
    return fetchOhlcvPages(this.#client, this.#calls, { symbol, timeframe, since, pageLimit: this.capabilities.ohlcvPageLimit }, query);
  }

  /** The last trade price of each of `symbols` the exchange reports (ccxt fetchTickers), in one request. */
  async fetchLastPrices(symbols: readonly string[]): Promise<Map<string, number>> {
    const tickers = await this.#calls.read(`fetchTickers ${symbols.length} symbols`, () => this.#client.fetchTickers([...symbols]));
    const prices = new Map<string, number>();
    for (const symbol of symbols) {
      const last = tickers[symbol]?.last;
      if (typeof last === 'number' && Number.isFinite(last) && last > 0) prices.set(symbol, last);
    }
    return prices;
  }

  /**
   * Order changes pushed by the exchange (ccxt.pro watchOrders) since the last call; the first
   * call starts the stream. undefined whenever the stream cannot vouch that nothing was missed
   * (no watchOrders or no keys, not yet subscribed, dropped, or subscribed again but the
   * working orders not yet re-read over REST, or a streamed fill whose trades are still
   * unread): the caller must poll its working orders then.
   */
  takeOrderUpdates(): readonly ExchangeOrder[] | undefined {
    return this.#stream.watch()?.take();
  }

  onOrderUpdates(listener: () => void): void {
    this.#stream.listen(listener);
  }

  /** Starts the watchOrders stream now instead of on the first takeOrderUpdates(). False where there is none. */
  watchOrderUpdates(): boolean {
    const watch = this.#stream.watch();
    watch?.start();
    return watch !== null;
  }

  /** The order stream's health, for monitoring and tests; null before it started or where there is none. */
  orderWatchStatus(): OrderWatchStatus | null {
    return this.#stream.status();
  }

  /** The latest view of an order this connector had (any answer or streamed update), for tests and monitoring; the last 1,000 orders. */
  lastSeen(clientOrderId: string): ExchangeOrder | undefined {
    return this.#tracker.lastSeen(clientOrderId);
  }

  async close(): Promise<void> {
    await this.#stream.close();
    await this.#client.close();
  }

  /** A create or cancel failed: the balance book learns whether the exchange answered. Throws `error`. */
  #failed(clientOrderId: string, error: unknown): never {
    this.#balances.failed(clientOrderId, error);
    throw error;
  }

  /** Notes what an answer says about the bot's working orders; returns it. */
  #observe(order: ExchangeOrder, track = true): ExchangeOrder {
    this.#tracker.note(order, track);
    this.#balances.answered(order.clientOrderId);
    if (this.#orders.tradesComplete(order)) this.#stream.settled(order.clientOrderId);
    return order;
  }
}
