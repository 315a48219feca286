import { setTimeout as delay } from 'node:timers/promises';
import type { Clock } from '../../../domain/ports/clock.port.js';
import type { ClosedCandle, MarketFeed } from '../../../domain/ports/market-feed.port.js';
import { TIMEFRAME_MS, type Candle, type Timeframe } from '../../../domain/shared/candle.js';
import type { CcxtExchange } from '../../exchange/ccxt/ccxt-exchange.js';
import { SILENT_LOGGER, type ExchangeLogger } from '../../exchange/ccxt/secret-redactor.js';
import { CcxtCandleStream, type CandleStream } from './candle-stream.js';
import { FeedSession, type CandleHistorySource, type FeedSettings, type FeedStatus } from './feed-session.js';

export interface CcxtMarketFeedOptions {
  readonly rest: CandleHistorySource;
  readonly stream: CandleStream;
  readonly clock: Clock;
  /** Waits on `clock`; real timers by default. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly logger?: ExchangeLogger;
  /** Defaults: 60 s silence, checks every 1 s, REST polls every 2 s while down, 2 s close grace, reconnect backoff 1 s .. 60 s. */
  readonly settings?: Partial<Omit<FeedSettings, 'clock' | 'sleep' | 'log'>>;
}

const DEFAULTS = { silenceMs: 60_000, checkEveryMs: 1_000, pollEveryMs: 2_000, closeGraceMs: 2_000, reconnectBaseMs: 1_000, reconnectMaxMs: 60_000 };

const realSleep = (ms: number, signal?: AbortSignal): Promise<void> => delay(ms, undefined, signal === undefined ? undefined : { signal }).then(() => undefined);

/**
 * Closed candles of many pairs from ccxt.pro websockets, with REST (fetchOHLCV) for history,
 * backfill and fallback: a dropped or silent stream is replaced by REST polling within one
 * check (1 s), resubscribed with backoff, and every candle reaches the consumer once, in order.
 */
export class CcxtMarketFeed implements MarketFeed {
  readonly #settings: FeedSettings;
  /** Open time of the last candle history() returned, per symbol and timeframe: ticks() continue from there. */
  readonly #historyEnd = new Map<string, number>();
  #session: FeedSession | null = null;

  constructor(private readonly options: CcxtMarketFeedOptions) {
    this.#settings = { ...DEFAULTS, ...options.settings, clock: options.clock, sleep: options.sleep ?? realSleep, log: options.logger ?? SILENT_LOGGER };
  }

  /** A feed over a connector: REST through it, websockets on a client of its own. */
  static async forExchange(exchange: CcxtExchange, options: Omit<CcxtMarketFeedOptions, 'rest' | 'stream'>): Promise<CcxtMarketFeed> {
    if (!exchange.capabilities.watchOHLCV) throw new Error(`${exchange.id}: no websocket candles (watchOHLCV) in its capabilities`);
    const stream = new CcxtCandleStream(await exchange.streamClient());
    return new CcxtMarketFeed({ ...options, rest: exchange, stream, logger: options.logger ?? exchange.logger });
  }

  async history(symbol: string, timeframe: Timeframe, limit: number): Promise<readonly Candle[]> {
    if (!Number.isSafeInteger(limit) || limit < 0) throw new RangeError(`limit must be a whole number >= 0, got ${limit}`);
    const step = TIMEFRAME_MS[timeframe];
    const firstOpen = this.#firstUnsettledOpen(timeframe);
    const candles = limit === 0 ? [] : await this.options.rest.fetchOHLCV(symbol, timeframe, firstOpen - limit * step, { until: firstOpen });
    this.#historyEnd.set(`${symbol}|${timeframe}`, firstOpen - step);
    return Object.freeze(candles.slice(-limit));
  }

  ticks(symbols: readonly string[], timeframe: Timeframe, signal?: AbortSignal): AsyncIterable<readonly ClosedCandle[]> {
    if (new Set(symbols).size !== symbols.length || symbols.length === 0) throw new Error('ticks() needs distinct symbols, at least one');
    const step = TIMEFRAME_MS[timeframe];
    const current = this.#firstUnsettledOpen(timeframe);
    const starts = new Map(symbols.map((s) => [s, (this.#historyEnd.get(`${s}|${timeframe}`) ?? current - step) + step]));
    const session = new FeedSession(symbols, timeframe, starts, this.options.rest, this.options.stream, this.#settings);
    this.#session = session;
    return session.run(signal);
  }

  /** Streams `symbol` in the running ticks() from the candle after the history returned (REST reads any the stream already passed). */
  async watch(symbol: string, timeframe: Timeframe, limit: number): Promise<readonly Candle[]> {
    const history = await this.history(symbol, timeframe, limit);
    this.#session?.add(symbol, this.#historyEnd.get(`${symbol}|${timeframe}`)! + TIMEFRAME_MS[timeframe]);
    return history;
  }

  unwatch(symbol: string): void {
    this.#session?.remove(symbol);
  }

  tickForming(): boolean {
    return this.#session?.forming() ?? false;
  }

  /** The running ticks() session's health, for monitoring and tests. */
  status(): FeedStatus | null {
    return this.#session?.status() ?? null;
  }

  /** Open time of the earliest candle that may still change: its close (plus grace) has not passed. */
  #firstUnsettledOpen(timeframe: Timeframe): number {
    const step = TIMEFRAME_MS[timeframe];
    return Math.floor((this.#settings.clock.now() - this.#settings.closeGraceMs) / step) * step;
  }
}
