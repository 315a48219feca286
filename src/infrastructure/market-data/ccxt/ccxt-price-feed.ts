import { setTimeout as delay } from 'node:timers/promises';
import type { Clock } from '../../../domain/ports/clock.port.js';
import type { CcxtExchange } from '../../exchange/ccxt/ccxt-exchange.js';
import { SILENT_LOGGER, type ExchangeLogger } from '../../exchange/ccxt/secret-redactor.js';
import { LatestPriceRelay, type PriceSink } from './latest-price-relay.js';
import { PriceSession, type LastPriceSource, type PriceFeedStatus, type PriceSessionSettings } from './price-session.js';
import { CcxtPriceStream, type PriceStream } from './price-stream.js';

export interface CcxtPriceFeedOptions {
  readonly stream: PriceStream | null;
  readonly rest: LastPriceSource | null;
  readonly clock: Clock;
  /** The symbols to watch, read at each (re)subscription and poll: pairs added at runtime join. */
  readonly symbols: () => readonly string[];
  /** Told each symbol's newest price; called one at a time, a burst coalesced to its newest price. */
  readonly onPrice: PriceSink;
  /** Waits on `clock`; real timers by default. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly logger?: ExchangeLogger;
  /** Defaults: REST polls every 2 s while the stream is down, reconnect backoff 1 s .. 60 s. */
  readonly settings?: Partial<Pick<PriceSessionSettings, 'pollEveryMs' | 'reconnectBaseMs' | 'reconnectMaxMs'>>;
}

const DEFAULTS = { pollEveryMs: 2_000, reconnectBaseMs: 1_000, reconnectMaxMs: 60_000 };

const realSleep = (ms: number, signal?: AbortSignal): Promise<void> => delay(ms, undefined, signal === undefined ? undefined : { signal }).then(() => undefined);

/**
 * Realtime prices of the traded pairs between candle closes, for the exit rules: the
 * exchange's websocket price stream (a capability), REST polling while it is down, and a relay
 * that hands the consumer one price at a time, only the newest of each symbol.
 */
export class CcxtPriceFeed {
  readonly #session: PriceSession;
  readonly #relay: LatestPriceRelay;
  readonly #stop = new AbortController();
  #running: Promise<void> | null = null;

  constructor(options: CcxtPriceFeedOptions) {
    const log = options.logger ?? SILENT_LOGGER;
    this.#relay = new LatestPriceRelay(options.onPrice, (symbol, error) => log.warn({ symbol, error: error instanceof Error ? error.message : String(error) }, 'exit check on a realtime price failed'));
    const settings: PriceSessionSettings = { ...DEFAULTS, ...options.settings, clock: options.clock, sleep: options.sleep ?? realSleep, log };
    this.#session = new PriceSession(options.symbols, options.stream, options.rest, (symbol, price, at) => this.#relay.offer(symbol, price, at), settings);
  }

  /** A feed over a connector: its websocket price stream on a client of its own, REST through it; null where it has neither. */
  static async forExchange(exchange: CcxtExchange, options: Omit<CcxtPriceFeedOptions, 'stream' | 'rest'>): Promise<CcxtPriceFeed | null> {
    const { priceStream, fetchTickers } = exchange.capabilities;
    if (priceStream === null && !fetchTickers) return null;
    const stream = priceStream === null ? null : new CcxtPriceStream(await exchange.streamClient(), priceStream);
    return new CcxtPriceFeed({ ...options, stream, rest: fetchTickers ? exchange : null, logger: options.logger ?? exchange.logger });
  }

  /** Starts watching; prices flow to `onPrice` until close(). */
  start(): void {
    this.#running ??= this.#session.run(this.#stop.signal);
  }

  /** Stops the stream and polling, and waits for the check in progress. */
  async close(): Promise<void> {
    this.#stop.abort();
    await this.#running;
    await this.#relay.idle();
  }

  status(): PriceFeedStatus & { readonly offered: number; readonly handed: number } {
    return { ...this.#session.status(), offered: this.#relay.offered, handed: this.#relay.handed };
  }
}
