import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Candle } from '../../../src/domain/shared/candle.js';
import { dec, type Decimal } from '../../../src/domain/shared/decimal.js';
import { SimBook, type SimFeeMode, type SimOrder, type SimOrderList, type SimTrade } from './sim-book.js';
import { SimFaults, type SimEndpoint, type SimFault } from './sim-faults.js';
import { simMarket, type SimMarket, type SimMarketSpec } from './sim-market.js';
import { BINANCE_RATE_LIMITS, SimLimits, type SimRateLimits } from './sim-limits.js';
import { newRequestTracking, serveRest, type RequestTracking, type RestState, type SimHeldRequest, type SimRequest, type SimRequestEvent } from './sim-rest.js';
import { SimStreams } from './sim-streams.js';
import { SimTickers, type SimTickerSent } from './sim-tickers.js';
import { SimAccountEvents } from './sim-account-events.js';
import { accountPositionEvent, executionReport, klineEvent, listStatusEvent } from './sim-wire.js';

export type { SimEndpoint, SimFault } from './sim-faults.js';
export type { SimMarketSpec } from './sim-market.js';
export type { SimFeeMode, SimOrder, SimOrderList, SimTrade } from './sim-book.js';
export type { SimHeldRequest, SimRequest, SimRequestEvent } from './sim-rest.js';
export type { SimTickerSent } from './sim-tickers.js';

export interface BinanceSimOptions {
  readonly markets: readonly SimMarketSpec[];
  readonly balances: Readonly<Record<string, string>>;
  readonly credentials?: { readonly apiKey: string; readonly secret: string };
  readonly fees?: { readonly maker: string; readonly taker: string };
  /** The asset commission is charged in: Binance's own rule (`received`) by default. */
  readonly feeMode?: SimFeeMode;
  /** The exchange's clock (order times, serverTime, request log, rate-limit intervals); wall time by default. */
  readonly now?: () => number;
  /** The REST limits it enforces and lists in exchangeInfo (sim-limits.ts); Binance's by default. */
  readonly rateLimits?: Partial<SimRateLimits>;
}

/** The URLs a ccxt `binance` client takes to talk to this server instead of Binance. */
export interface SimUrls {
  readonly api: Record<string, unknown>;
}

export const SIM_CREDENTIALS = { apiKey: 'sim-api-key-7f3a9c', secret: 'sim-secret-2b8e41d6' } as const;

/**
 * A local Binance spot exchange for tests: HTTP + websocket on 127.0.0.1 (random port),
 * its own order book, the paper matching rule on the candles a test pushes (stops trigger and
 * OCO legs cancel each other along each candle's price path), and faults a test arms per
 * endpoint. Point a real ccxt client at it with `urls`.
 */
export class BinanceSim {
  readonly #server: Server;
  readonly #state: RestState;
  readonly #streams: SimStreams;
  /** The outboundAccountPosition events, and the faults a test aims at them (hold, release, drop). */
  readonly accountEvents: SimAccountEvents;
  readonly #tickers: SimTickers;
  readonly #bySymbol = new Map<string, SimMarket>();
  readonly #klines = new Map<string, Candle[]>();
  readonly #tracking: RequestTracking = newRequestTracking();
  #port = 0;
  readonly #fees: { maker: Decimal; taker: Decimal };

  private constructor(options: BinanceSimOptions) {
    const now = options.now ?? Date.now;
    const credentials = options.credentials ?? SIM_CREDENTIALS;
    const markets = new Map<string, SimMarket>();
    for (const spec of options.markets) {
      const market = simMarket(spec);
      markets.set(market.id, market);
      this.#bySymbol.set(`${spec.base}/${spec.quote}`, market);
    }
    const listenKeys = new Set<string>();
    this.#streams = new SimStreams({ credentials, now, listenKeys });
    this.#tickers = new SimTickers({ publish: (stream, event) => this.#streams.publishMarket(stream, event), listens: (streams) => this.#streams.listens(streams) }, now);
    // one object, read by the book as it charges and by tradeFee as it answers; setFees changes it
    const fees: { maker: Decimal; taker: Decimal } = { maker: dec(options.fees?.maker ?? '0.001'), taker: dec(options.fees?.taker ?? '0.001') };
    this.#fees = fees;
    this.accountEvents = new SimAccountEvents((event) => this.#streams.publishUserEvent(event));
    const listener = {
      order: (order: SimOrder, trade: SimTrade | null) => this.#streams.publishUserEvent(executionReport(order, trade, now())),
      list: (list: SimOrderList) => this.#streams.publishUserEvent(listStatusEvent(list, now())),
      account: (assets: readonly string[]) => this.accountEvents.send(accountPositionEvent(book.balances(), assets, now(), book.updateTime)),
    };
    const book = new SimBook(options.balances, fees, now, listener, options.feeMode ?? 'received');
    this.#state = {
      markets,
      book,
      fees,
      faults: new SimFaults(),
      credentials,
      now,
      klines: (id, interval) => this.#klines.get(`${id}|${interval}`) ?? [],
      listenKeys,
      requests: [],
      limits: new SimLimits({ ...BINANCE_RATE_LIMITS, ...options.rateLimits }),
      hung: new Set<ServerResponse>(),
      tracking: this.#tracking,
    };
    this.#server = createServer((req, res) => {
      serveRest(this.#state, req, res).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
        res.end(String(error));
      });
    });
    this.#server.on('upgrade', (req, socket, head) => this.#streams.handleUpgrade(req, socket, head));
  }

  static async start(options: BinanceSimOptions): Promise<BinanceSim> {
    const sim = new BinanceSim(options);
    await new Promise<void>((resolve) => sim.#server.listen(0, '127.0.0.1', resolve));
    sim.#port = (sim.#server.address() as AddressInfo).port;
    return sim;
  }

  get urls(): SimUrls {
    const rest = `http://127.0.0.1:${this.#port}/api/v3`;
    const ws = `ws://127.0.0.1:${this.#port}/stream/ws`;
    return { api: { public: rest, private: rest, v1: rest, sapi: `http://127.0.0.1:${this.#port}/sapi/v1`, ws: { spot: ws, margin: ws, 'ws-api': { spot: `ws://127.0.0.1:${this.#port}/ws-api/v3` } } } };
  }

  get credentials(): { readonly apiKey: string; readonly secret: string } { return this.#state.credentials; }

  /** The account's commission rates change (a new VIP tier): later trades pay them, tradeFee answers them. */
  setFees(fees: { readonly maker: string; readonly taker: string }): void {
    this.#fees.maker = dec(fees.maker);
    this.#fees.taker = dec(fees.taker);
  }

  /** The next `times` requests to `endpoint` ('*': any) meet `fault`. */
  failNext(endpoint: SimEndpoint | '*', fault: SimFault, times = 1): void {
    this.#state.faults.arm(endpoint, fault, times);
  }

  clearFaults(): void {
    this.#state.faults.clear();
  }

  /**
   * One kline update of `symbol` (e.g. BTC/USDT): stored for REST, streamed to subscribers,
   * and, when final (the default), matched against the resting orders.
   */
  pushCandle(symbol: string, candle: Candle, options: { readonly interval?: string; readonly final?: boolean } = {}): void {
    const market = this.#market(symbol);
    const interval = options.interval ?? '1m';
    const final = options.final ?? true;
    const key = `${market.id}|${interval}`;
    const rows = this.#klines.get(key) ?? [];
    const at = rows.findIndex((c) => c.openTime >= candle.openTime);
    if (at === -1) rows.push(candle);
    else if (rows[at]!.openTime === candle.openTime) rows[at] = candle;
    else rows.splice(at, 0, candle);
    this.#klines.set(key, rows);
    this.#streams.publishKline(`${market.id.toLowerCase()}@kline_${interval}`, klineEvent(market.id, interval, candle, final, this.#state.now()));
    this.#tickers.onKlineUpdate(market, rows);
    if (final) this.#state.book.onFinalCandle(market, candle);
  }

  /**
   * A trade at `price` in the newest 1m candle of `symbol` (its close, and its high or low when
   * beyond them): a kline update (not final) and the ticker streams, as on the exchange. It is the
   * market's last price, and resting orders act on it (SimBook.onTrade), at the later of the
   * server's time and the candle's open.
   */
  trade(symbol: string, price: number): void {
    const market = this.#market(symbol);
    const newest = this.#klines.get(`${market.id}|1m`)?.at(-1);
    if (newest === undefined) throw new Error(`the simulator has no 1m candle of ${symbol} to trade in`);
    this.pushCandle(symbol, { ...newest, close: price, high: Math.max(newest.high, price), low: Math.min(newest.low, price) }, { final: false });
    this.#state.book.onTrade(market, dec(price), Math.max(this.#state.now(), newest.openTime));
  }

  /** Every ticker update the server sent (whether anyone subscribed), oldest first. */
  tickersSent(): readonly SimTickerSent[] {
    return [...this.#tickers.sent];
  }

  /**
   * Calls `listener` as each REST request is received, applied, dropped and answered (see
   * SimRequestEvent), synchronously, so a test can act at that precise moment. Returns the
   * unsubscribe function.
   */
  onRequest(listener: (event: SimRequestEvent) => void): () => void {
    this.#tracking.listeners.add(listener);
    return () => void this.#tracking.listeners.delete(listener);
  }

  /** REST requests being served: received, not yet answered, dropped or hung (slow and held ones count). */
  get inFlight(): number {
    return this.#tracking.inFlight;
  }

  /** Requests waiting on a hold fault, oldest first. */
  held(): readonly SimHeldRequest[] {
    return [...this.#tracking.held].map(([id, h]) => ({ id, request: h.request, clientGone: h.res.destroyed }));
  }

  /** Lets a held request go on: applied (and answered while its client is there), or dropped unapplied. */
  release(id: number, options: { readonly apply: boolean }): void {
    const held = this.#tracking.held.get(id);
    if (held === undefined) throw new Error(`no held request ${id}`);
    held.release(options.apply);
  }

  /**
   * Keeps only the last `keep` stored candles of every market and interval for REST (the stream is
   * unaffected): a server whose history starts later. Lets a restarted bot, whose wall clock is
   * behind candles a test pushed ahead of it, start near the latest candle instead of replaying
   * every candle since the wall clock's minute.
   */
  trimKlines(keep: number): void {
    for (const [key, rows] of this.#klines) this.#klines.set(key, keep > 0 ? rows.slice(-keep) : []);
  }

  /** Requests received, oldest first; only those to `endpoint` when given. */
  requests(endpoint?: SimEndpoint): readonly SimRequest[] {
    return endpoint === undefined ? [...this.#state.requests] : this.#state.requests.filter((r) => r.endpoint === endpoint);
  }

  orders(): readonly SimOrder[] {
    return [...this.#state.book.orders];
  }

  openOrders(): readonly SimOrder[] {
    return this.#state.book.open();
  }

  /** The OCO lists placed so far, oldest first. */
  orderLists(): readonly SimOrderList[] {
    return [...this.#state.book.lists];
  }

  balance(asset: string): { free: string; locked: string } {
    const b = this.#state.book.balances().find((x) => x.asset === asset);
    return { free: (b?.free ?? dec(0)).toString(), locked: (b?.locked ?? dec(0)).toString() };
  }

  setBalance(asset: string, free: string): void {
    this.#state.book.setBalance(asset, free);
  }

  /** Kills the market stream connections; with `refuse`, new ones are refused until acceptStreams(). */
  dropStreams(options: { readonly refuse?: boolean } = {}): void {
    if (options.refuse === true) this.#streams.refuseMarket = true;
    this.#streams.dropMarket();
  }

  acceptStreams(): void { this.#streams.refuseMarket = false; }

  /** While on, market streams stay connected but carry no events. */
  silenceStreams(on: boolean): void {
    this.#streams.silent = on;
  }

  /** Kills the user-data connections (ws-api and listenKey); with `refuse`, new ones are refused until acceptUserStreams(); orders still fill, their events go nowhere. */
  dropUserStreams(options: { readonly refuse?: boolean } = {}): void {
    if (options.refuse === true) this.#streams.refuseUser = true;
    this.#streams.dropUser();
  }

  acceptUserStreams(): void { this.#streams.refuseUser = false; }

  /** While on, user-data connections stay open but carry no events (they are still recorded in userEvents()). */
  silenceUserStreams(on: boolean): void {
    this.#streams.silentUser = on;
  }

  /** Every user-data event (executionReport, listStatus, outboundAccountPosition) published so far, oldest first. */
  userEvents(): readonly unknown[] {
    return [...this.#streams.userEvents];
  }

  /** Sends an event (e.g. an earlier one again: a duplicate) to every user-data subscriber. */
  publishUserEvent(event: unknown): void {
    this.#streams.publishUserEvent(event);
  }

  /** User-data subscriptions confirmed or streams opened, ever. */
  get userSubscriptions(): number {
    return this.#streams.userSubscriptions;
  }

  /** Market connections open now and ever opened, kline and ticker streams subscribed on them, user-data connections. */
  get streamStats(): { readonly open: number; readonly opened: number; readonly subscriptions: number; readonly tickers: number; readonly user: number } {
    const s = this.#streams;
    return { open: s.marketConnections, opened: s.marketConnectionsOpened, subscriptions: s.subscriptions, tickers: s.tickerSubscriptions, user: s.userConnections };
  }

  async stop(): Promise<void> {
    for (const held of [...this.#tracking.held.values()]) {
      held.res.destroy();
      held.release(false);
    }
    for (const res of this.#state.hung) res.destroy();
    this.#streams.close();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #market(symbol: string): SimMarket {
    const market = this.#bySymbol.get(symbol);
    if (market === undefined) throw new Error(`the simulator has no market ${symbol}`);
    return market;
  }
}
