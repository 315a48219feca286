import { setTimeout as delay } from 'node:timers/promises';
import type { Order } from 'ccxt';
import type { Clock } from '../../../domain/ports/clock.port.js';
import { OrderRefusedError, TemporaryExchangeError } from '../../../domain/ports/exchange.errors.js';
import type { Balances, Exchange, ExchangeOrder, ExchangeOrderStatus, ExchangeTrade, OrderRequest } from '../../../domain/ports/exchange.port.js';
import { sumDecimals } from '../../../domain/shared/decimal.js';
import { TIMEFRAME_MS, type Candle, type Timeframe } from '../../../domain/shared/candle.js';
import type { MarketRules } from '../../../domain/shared/market-rules.js';
import { AccountFeeRates } from './account-fee-rates.js';
import { capabilitiesFor, type ExchangeCapabilities } from './capabilities.js';
import { createCcxtClient, HostGate, type CcxtClient, type CcxtClientOptions } from './ccxt-client.js';
import { translateError, type Operation } from './ccxt-errors.js';
import { checkSteps, toBalances, toCandle, toExchangeOrder, toMarketRules, toTrade, type FeeValue } from './ccxt-mapping.js';
import { FeeValuer } from './fee-valuer.js';
import { DEFAULT_ORDER_WATCH, OrderWatch, type OrderWatchSettings, type OrderWatchState } from './order-watch.js';
import { DEFAULT_RETRY, retryRead, type RetryPolicy } from './read-retry.js';
import { SecretRedactor, SILENT_LOGGER, type ExchangeCredentials, type ExchangeLogger } from './secret-redactor.js';

export interface CcxtExchangeOptions {
  /** A ccxt exchange id, e.g. 'binance'. */
  readonly exchangeId: string;
  /** Decides when a Retry-After has passed; SystemClock live, a simulated clock in tests. */
  readonly clock: Clock;
  /** Waits on `clock` (and gives up when `signal` aborts); real timers by default. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly credentials?: ExchangeCredentials;
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

export interface OrderWatchStatus {
  readonly state: OrderWatchState;
  readonly subscriptions: number;
  readonly drops: number;
}

const FINAL: ReadonlySet<ExchangeOrderStatus> = new Set(['closed', 'canceled', 'expired', 'rejected']);

export interface OhlcvQuery {
  /** Open times strictly before this; none by default. */
  readonly until?: number;
  /** At most this many candles. */
  readonly limit?: number;
}

/**
 * The Exchange port over ccxt. createOrder and cancelOrder are sent exactly once; reads are
 * retried with backoff on temporary trouble and every request waits out a host's Retry-After.
 * Errors leave as the domain's kinds, without credentials in them.
 */
export class CcxtExchange implements Exchange {
  readonly id: string;
  readonly capabilities: ExchangeCapabilities;
  readonly #client: CcxtClient;
  readonly #clientOptions: CcxtClientOptions;
  readonly #redactor: SecretRedactor;
  readonly #log: ExchangeLogger;
  readonly #retry: RetryPolicy;
  readonly #sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly #options: CcxtExchangeOptions;
  #rules = new Map<string, MarketRules>();
  /** clientOrderIds this connector sent or was asked about. */
  readonly #mine = new Set<string>();
  /** The bot's working (not final) orders as far as this connector saw: clientOrderId -> symbol. Re-read after every (re)subscription. */
  readonly #working = new Map<string, string>();
  #watch: OrderWatch | null = null;
  readonly #lastSeen = new Map<string, ExchangeOrder>();
  /** The account's maker/taker rates, over ccxt's defaults in the markets. */
  readonly #feeRates: AccountFeeRates;
  readonly #fees: FeeValuer;

  private constructor(client: CcxtClient, clientOptions: CcxtClientOptions, options: CcxtExchangeOptions, redactor: SecretRedactor, sleep: (ms: number, signal?: AbortSignal) => Promise<void>) {
    this.id = options.exchangeId;
    this.capabilities = clientOptions.capabilities;
    this.#client = client;
    this.#clientOptions = clientOptions;
    this.#redactor = redactor;
    this.#log = clientOptions.log;
    this.#retry = { ...DEFAULT_RETRY, ...options.retry };
    this.#sleep = sleep;
    this.#options = options;
    this.#feeRates = new AccountFeeRates({
      exchangeId: options.exchangeId,
      offered: this.capabilities.fetchTradingFees,
      signedIn: options.credentials !== undefined,
      fetch: () => this.#read('fetchTradingFees', () => client.fetchTradingFees()),
      clock: options.clock,
      log: this.#log,
    });
    this.#fees = new FeeValuer(client, options.clock, this.#log);
  }

  static async create(options: CcxtExchangeOptions): Promise<CcxtExchange> {
    const redactor = new SecretRedactor(options.credentials);
    const log = redactor.logger(options.logger ?? SILENT_LOGGER);
    const sleep = options.sleep ?? ((ms: number, signal?: AbortSignal) => delay(ms, undefined, signal === undefined ? undefined : { signal }).then(() => undefined));
    const clientOptions: CcxtClientOptions = {
      exchangeId: options.exchangeId,
      capabilities: capabilitiesFor(options.exchangeId, options.capabilities),
      credentials: options.credentials,
      urls: options.urls,
      timeoutMs: options.timeoutMs,
      ccxtConfig: options.ccxtConfig,
      gate: new HostGate(options.clock, sleep, log),
      clock: options.clock,
      log,
    };
    return new CcxtExchange(await createCcxtClient(clientOptions), clientOptions, options, redactor, sleep);
  }

  /** A second ccxt client with the same settings, host gate and markets, for websocket streams. */
  async streamClient(): Promise<CcxtClient> {
    await this.#ensureMarkets();
    const client = await createCcxtClient(this.#clientOptions);
    client.setMarkets(this.#client.markets!);
    // The feed reconnects with its own backoff on the injected clock; ccxt's (wall-clock) one stays out.
    client.options['ws'] = { ...(client.options['ws'] as object | undefined), backoff: { base: 0, max: 0 } };
    return client;
  }

  get logger(): ExchangeLogger {
    return this.#log;
  }

  async loadMarkets(): Promise<readonly MarketRules[]> {
    const markets = await this.#read('loadMarkets', () => this.#client.loadMarkets(true));
    if (this.#feeRates.due) await this.#feeRates.refresh();
    const rules = this.#feeRates.apply(toMarketRules(Object.values(markets), this.#client.precisionMode ?? 0));
    this.#rules = new Map(rules.map((r) => [r.symbol, r]));
    return Object.freeze(rules);
  }

  async fetchBalance(): Promise<Balances> {
    await this.#ensureMarkets();
    return toBalances(await this.#read('fetchBalance', () => this.#client.fetchBalance()));
  }

  async createOrder(request: OrderRequest): Promise<ExchangeOrder> {
    const market = await this.#market(request.symbol);
    const { clientOrderId, symbol, side, type, amount, price } = request;
    const action = `createOrder ${type} ${side} ${symbol} ${clientOrderId}`;
    checkSteps(request, market);
    this.#log.debug({ clientOrderId, symbol, side, type, amount: amount.toString(), price: price?.toString() ?? null }, 'sending order (once, never retried)');
    this.#mine.add(clientOrderId);
    this.#working.set(clientOrderId, symbol);
    let order: Order;
    try {
      const params = { [this.capabilities.clientOrderIdParam]: clientOrderId };
      order = await this.#client.createOrder(symbol, type, side, amount.toNumber(), price === null ? undefined : price.toNumber(), params);
    } catch (error) {
      throw this.#fail(error, 'create', action, clientOrderId);
    }
    this.#log.debug({ clientOrderId, exchangeOrderId: order.id, status: order.status }, 'order accepted');
    return this.#observe(await this.#complete(order, market, clientOrderId));
  }

  async cancelOrder(symbol: string, clientOrderId: string): Promise<ExchangeOrder> {
    const market = await this.#market(symbol);
    const action = `cancelOrder ${symbol} ${clientOrderId}`;
    let order: Order;
    try {
      order = await this.#client.cancelOrder('', symbol, { [this.capabilities.clientOrderIdLookupParam]: clientOrderId });
    } catch (error) {
      const refused = this.#fail(error, 'cancel', action, clientOrderId);
      if (refused instanceof OrderRefusedError && refused.reason === 'order_not_found') {
        // Exchanges answer "unknown order" for orders that already ended; report how it ended.
        const ended = await this.fetchOrder(symbol, clientOrderId);
        if (ended !== null && ended.status !== 'open') return ended;
      }
      throw refused;
    }
    return this.#observe(await this.#complete(order, market, clientOrderId));
  }

  async fetchOrder(symbol: string, clientOrderId: string): Promise<ExchangeOrder | null> {
    const market = await this.#market(symbol);
    // Asked about: a working order of the bot until seen final, even when this read fails.
    this.#mine.add(clientOrderId);
    if (!this.#working.has(clientOrderId)) this.#working.set(clientOrderId, symbol);
    let order: Order;
    try {
      order = await this.#read(`fetchOrder ${symbol} ${clientOrderId}`, () => this.#client.fetchOrder('', symbol, { [this.capabilities.clientOrderIdLookupParam]: clientOrderId }));
    } catch (error) {
      if (error instanceof OrderRefusedError && error.reason === 'order_not_found') {
        this.#working.delete(clientOrderId);
        this.#watch?.settled(clientOrderId);
        return null;
      }
      throw error;
    }
    return this.#observe(await this.#complete(order, market, clientOrderId));
  }

  async fetchOpenOrders(symbol?: string): Promise<readonly ExchangeOrder[]> {
    await this.#ensureMarkets();
    const symbols = symbol !== undefined ? [symbol] : this.capabilities.fetchOpenOrdersWithoutSymbol ? [undefined] : [...this.#rules.keys()];
    const out: ExchangeOrder[] = [];
    for (const s of symbols) {
      const orders = await this.#read(`fetchOpenOrders ${s ?? 'all'}`, () => this.#client.fetchOpenOrders(s));
      for (const order of orders) {
        const market = this.#rules.get(order.symbol ?? '');
        if (market !== undefined) out.push(this.#observe(await this.#complete(order, market), this.#accepts(order.clientOrderId)));
      }
    }
    return Object.freeze(out);
  }

  /** Candles with openTime >= since (and < until), page after page, oldest first, no duplicates. */
  async fetchOHLCV(symbol: string, timeframe: Timeframe, since: number, query: OhlcvQuery = {}): Promise<Candle[]> {
    await this.#market(symbol);
    const step = TIMEFRAME_MS[timeframe];
    const page = this.capabilities.ohlcvPageLimit;
    const { until = Number.POSITIVE_INFINITY, limit = Number.POSITIVE_INFINITY } = query;
    const out: Candle[] = [];
    for (let cursor = since; cursor < until && out.length < limit; ) {
      const from = cursor;
      const rows = await this.#read(`fetchOHLCV ${symbol} ${timeframe} ${from}`, () => this.#client.fetchOHLCV(symbol, timeframe, from, page));
      for (const candle of rows.map(toCandle)) {
        const last = out.at(-1)?.openTime ?? Number.NEGATIVE_INFINITY;
        if (candle.openTime >= from && candle.openTime > last && candle.openTime < until && out.length < limit) out.push(candle);
      }
      const lastRow = rows.at(-1)?.[0];
      if (rows.length < page || lastRow === undefined || lastRow + step <= cursor) break;
      cursor = lastRow + step;
    }
    return out;
  }

  /**
   * Order changes pushed by the exchange (ccxt.pro watchOrders) since the last call; the first
   * call starts the stream. undefined whenever the stream cannot vouch that nothing was missed
   * (no watchOrders or no keys, not yet subscribed, dropped, or subscribed again but the
   * working orders not yet re-read over REST, or a streamed fill whose trades are still
   * unread): the caller must poll its working orders then.
   */
  takeOrderUpdates(): readonly ExchangeOrder[] | undefined {
    return this.#orderWatch()?.take();
  }

  /** Starts the watchOrders stream now instead of on the first takeOrderUpdates(). False where there is none. */
  watchOrderUpdates(): boolean {
    const watch = this.#orderWatch();
    watch?.start();
    return watch !== null;
  }

  /** The order stream's health, for monitoring and tests; null before it started or where there is none. */
  orderWatchStatus(): OrderWatchStatus | null {
    const w = this.#watch;
    return w === null ? null : { state: w.state, subscriptions: w.subscriptions, drops: w.drops };
  }

  /** The latest view of an order this connector had (any answer or streamed update), for tests and monitoring; the last 10,000 orders. */
  lastSeen(clientOrderId: string): ExchangeOrder | undefined {
    return this.#lastSeen.get(clientOrderId);
  }

  async close(): Promise<void> {
    const watch = this.#watch;
    this.#watch = null;
    await watch?.close();
    await this.#client.close();
  }

  #orderWatch(): OrderWatch | null {
    if (this.#watch !== null) return this.#watch;
    if (!this.capabilities.watchOrders || this.#options.credentials === undefined) return null;
    const authParams = this.capabilities.watchOrdersAuthenticate;
    this.#watch = new OrderWatch({
      streamClient: () => this.streamClient(),
      confirmSubscription: authParams === null ? null : (client) => (client as unknown as { authenticate(p: object): Promise<unknown> }).authenticate({ ...authParams }).then(() => undefined),
      accepts: (order) => this.#rules.has(order.symbol ?? '') && this.#accepts(order.clientOrderId),
      map: (order) => this.#mapStreamed(order),
      resync: () => this.#resync(),
      recheck: async (symbol, clientOrderId) => void (await this.fetchOrder(symbol, clientOrderId)),
      sleep: (ms, signal) => this.#sleep(ms, signal),
      log: this.#log,
      settings: { ...DEFAULT_ORDER_WATCH, ...this.#options.orderWatch },
    });
    return this.#watch;
  }

  #accepts(clientOrderId: string | undefined): boolean {
    if (clientOrderId === undefined || clientOrderId === '') return false;
    const prefix = this.#options.clientOrderIdPrefix;
    return prefix === undefined || clientOrderId.startsWith(prefix) || this.#mine.has(clientOrderId) || this.#working.has(clientOrderId);
  }

  /** Notes what an answer says about the bot's working orders; returns it. */
  #observe(order: ExchangeOrder, track = true): ExchangeOrder {
    this.#lastSeen.delete(order.clientOrderId);
    this.#lastSeen.set(order.clientOrderId, order);
    if (this.#lastSeen.size > 10_000) this.#lastSeen.delete(this.#lastSeen.keys().next().value!);
    if (FINAL.has(order.status)) this.#working.delete(order.clientOrderId);
    else if (track) this.#working.set(order.clientOrderId, order.symbol);
    if (this.#tradesComplete(order)) this.#watch?.settled(order.clientOrderId);
    return order;
  }

  /** Every fill is accounted for by trades (where the exchange lists them). */
  #tradesComplete(order: ExchangeOrder): boolean {
    if (!this.capabilities.fetchOrderTrades || order.filled.eq(0)) return true;
    return order.trades !== null && sumDecimals(order.trades.map((t) => t.amount)).eq(order.filled);
  }

  /** A streamed order with all its trades (ccxt's, else REST); null when they cannot all be read now. */
  async #mapStreamed(order: Order): Promise<ExchangeOrder | null> {
    const market = this.#rules.get(order.symbol ?? '');
    if (market === undefined) return null;
    // ccxt keeps only the trades it streamed since the order entered its cache: use them when they add up.
    if (order.trades !== undefined) await this.#fees.prepare(order.trades.map((t) => t.fee?.currency), market);
    const streamed = order.trades !== undefined && order.trades.length > 0 ? toExchangeOrder(order, { market, trades: order.trades.map((t) => toTrade(t, market, this.#feeValue)), feeValue: this.#feeValue }) : null;
    const mapped = streamed !== null && this.#tradesComplete(streamed) ? streamed : await this.#complete({ ...order, trades: [] } as Order, market);
    if (!this.#tradesComplete(mapped)) {
      this.#log.warn({ clientOrderId: mapped.clientOrderId, filled: mapped.filled.toString() }, 'streamed fill without all its trades yet');
      return null;
    }
    return this.#observe(mapped);
  }

  /** After a (re)subscription: the bot's open orders, and every working order no longer open, over REST. */
  async #resync(): Promise<ExchangeOrder[]> {
    const out: ExchangeOrder[] = [];
    const seen = new Set<string>();
    const symbols = this.capabilities.fetchOpenOrdersWithoutSymbol ? [undefined] : [...new Set(this.#working.values())];
    for (const symbol of symbols) {
      for (const order of await this.fetchOpenOrders(symbol)) {
        if (!this.#accepts(order.clientOrderId)) continue;
        seen.add(order.clientOrderId);
        out.push(order);
      }
    }
    for (const [clientOrderId, symbol] of [...this.#working]) {
      if (seen.has(clientOrderId)) continue;
      const order = await this.fetchOrder(symbol, clientOrderId);
      if (order !== null) out.push(order);
    }
    return out;
  }

  async #ensureMarkets(): Promise<void> {
    if (this.#rules.size === 0 || this.#client.markets === undefined) await this.loadMarkets();
    else if (this.#feeRates.due) {
      // a day on: the account's rates are read again, the markets stay as loaded
      await this.#feeRates.refresh();
      this.#rules = new Map(this.#feeRates.apply([...this.#rules.values()]).map((r) => [r.symbol, r]));
    }
  }

  async #market(symbol: string): Promise<MarketRules> {
    await this.#ensureMarkets();
    const market = this.#rules.get(symbol);
    if (market === undefined) throw new OrderRefusedError(`${this.id}: no spot market ${symbol}`, 'bad_symbol');
    return market;
  }

  /** Adds the trades of a (partly) filled order, where the exchange lists them separately. */
  async #complete(order: Order, market: MarketRules, clientOrderId?: string): Promise<ExchangeOrder> {
    let trades: ExchangeTrade[] | null = null;
    await this.#fees.prepare([order.fee?.currency, ...(order.trades ?? []).map((t) => t.fee?.currency)], market);
    if (order.trades !== undefined && order.trades.length > 0) trades = order.trades.map((t) => toTrade(t, market, this.#feeValue));
    else if (!((order.filled ?? 0) > 0)) trades = [];
    else if (this.capabilities.fetchOrderTrades && order.id !== undefined) {
      const id = order.id;
      try {
        const raw = await this.#read(`fetchOrderTrades ${market.symbol} ${id}`, () => this.#client.fetchOrderTrades(id, market.symbol));
        await this.#fees.prepare(raw.map((t) => t.fee?.currency), market);
        trades = raw.map((t) => toTrade(t, market, this.#feeValue));
      } catch (error) {
        if (!(error instanceof TemporaryExchangeError)) throw error;
        this.#log.warn({ exchangeOrderId: id, error: error.message }, 'order trades unreadable now; reporting totals only');
      }
    }
    return toExchangeOrder(order, { market, clientOrderId, trades, feeValue: this.#feeValue });
  }

  #feeValue: FeeValue = (currency, quote, amount) => this.#fees.value(currency, quote, amount);

  #read<T>(label: string, call: () => Promise<T>): Promise<T> {
    const attempt = async (): Promise<T> => {
      try {
        return await call();
      } catch (error) {
        throw this.#fail(error, 'read', label);
      }
    };
    return retryRead(label, attempt, { policy: this.#retry, sleep: this.#sleep, log: this.#log });
  }

  #fail(error: unknown, operation: Operation, action: string, clientOrderId?: string): Error {
    const translated = translateError(error, { exchangeId: this.id, operation, action, clientOrderId, capabilities: this.capabilities, redactor: this.#redactor });
    const level = operation === 'read' ? 'debug' : 'warn';
    this.#log[level]({ action, error: translated.name, message: translated.message }, 'exchange call failed');
    return translated;
  }
}
