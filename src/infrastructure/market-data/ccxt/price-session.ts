import type { Clock } from '../../../domain/ports/clock.port.js';
import type { ExchangeLogger } from '../../exchange/ccxt/secret-redactor.js';
import type { PriceStream } from './price-stream.js';

/** REST last prices: CcxtExchange.fetchLastPrices fits (one request, retried on trouble). */
export interface LastPriceSource {
  fetchLastPrices(symbols: readonly string[]): Promise<ReadonlyMap<string, number>>;
}

export interface PriceSessionSettings {
  readonly clock: Clock;
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly log: ExchangeLogger;
  /** REST polling period while the stream is down (or where there is none). */
  readonly pollEveryMs: number;
  readonly reconnectBaseMs: number;
  readonly reconnectMaxMs: number;
}

export interface PriceFeedStatus {
  /** `rest`: no stream at all, prices come from polling only. */
  readonly connection: 'connecting' | 'up' | 'down' | 'rest';
  /** REST polls while the stream was down. */
  readonly polls: number;
  readonly reconnects: number;
  /** Prices delivered, from the stream and from REST. */
  readonly prices: number;
}

/**
 * The price feed's state machine: a watcher reads the stream and reconnects with backoff on the
 * injected clock; while the stream is down (or where there is none) a poller reads the last
 * prices over REST every `pollEveryMs`; prices of both go to `deliver`, stamped on the clock.
 * One log line per change of state: stream up, stream lost, REST failing, REST answering.
 */
export class PriceSession {
  #connection: PriceFeedStatus['connection'];
  #polls = 0;
  #reconnects = 0;
  #prices = 0;
  #restFailing = false;

  constructor(
    private readonly symbols: () => readonly string[],
    private readonly stream: PriceStream | null,
    private readonly rest: LastPriceSource | null,
    private readonly deliver: (symbol: string, price: number, at: number) => void,
    private readonly settings: PriceSessionSettings,
  ) {
    this.#connection = stream === null ? 'rest' : 'connecting';
  }

  status(): PriceFeedStatus {
    return { connection: this.#connection, polls: this.#polls, reconnects: this.#reconnects, prices: this.#prices };
  }

  /**
   * Runs until `signal` aborts; then closes the stream (ending a pending read) and waits for the
   * watcher. A REST read in progress (it may be retrying) is left to finish; nothing it reads
   * after the abort is delivered.
   */
  async run(signal: AbortSignal): Promise<void> {
    const watching = this.#watch(signal);
    this.#poll(signal).catch((error: unknown) => this.settings.log.error({ error: error instanceof Error ? error.message : String(error) }, 'REST price polling stopped'));
    if (!signal.aborted) await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
    await this.stream?.close().catch(() => undefined);
    await watching;
  }

  async #watch(signal: AbortSignal): Promise<void> {
    const stream = this.stream;
    if (stream === null) return;
    let backoff = this.settings.reconnectBaseMs;
    let subscribed = false;
    while (!signal.aborted) {
      const symbols = this.symbols();
      if (symbols.length === 0) {
        // nothing to watch: let the connection go until there is
        if (subscribed) await stream.reset().catch(() => undefined);
        subscribed = false;
        if (!(await this.#pause(this.settings.pollEveryMs, signal))) return;
        continue;
      }
      subscribed = true;
      try {
        const prices = await stream.next(symbols);
        if (signal.aborted) return;
        if (this.#connection !== 'up') this.settings.log.info({ symbols: symbols.length }, 'price stream up');
        this.#connection = 'up';
        backoff = this.settings.reconnectBaseMs;
        this.#deliverAll(prices);
      } catch (error) {
        if (signal.aborted) return;
        if (this.#connection !== 'down') this.settings.log.warn({ error: error instanceof Error ? error.message : String(error), reconnectInMs: backoff }, 'price stream lost; polling REST until it is back');
        this.#connection = 'down';
        this.#reconnects += 1;
        await stream.reset().catch(() => undefined);
        if (!(await this.#pause(backoff, signal))) return;
        backoff = Math.min(this.settings.reconnectMaxMs, backoff * 2);
      }
    }
  }

  async #poll(signal: AbortSignal): Promise<void> {
    const rest = this.rest;
    if (rest === null) return;
    while (!signal.aborted) {
      const symbols = this.symbols();
      if ((this.#connection === 'down' || this.#connection === 'rest') && symbols.length > 0) {
        this.#polls += 1;
        try {
          const prices = await rest.fetchLastPrices(symbols);
          if (signal.aborted) return;
          if (this.#restFailing) this.settings.log.info({ symbols: symbols.length }, 'REST prices answering again');
          this.#restFailing = false;
          this.#deliverAll(prices);
        } catch (error) {
          if (signal.aborted) return;
          if (!this.#restFailing) this.settings.log.warn({ error: error instanceof Error ? error.message : String(error) }, 'REST prices unavailable; will retry');
          this.#restFailing = true;
        }
      }
      if (!(await this.#pause(this.settings.pollEveryMs, signal))) return;
    }
  }

  #deliverAll(prices: ReadonlyMap<string, number>): void {
    const at = this.settings.clock.now();
    for (const [symbol, price] of prices) {
      this.#prices += 1;
      this.deliver(symbol, price, at);
    }
  }

  /** Sleeps on the clock; false once `signal` aborted. */
  async #pause(ms: number, signal: AbortSignal): Promise<boolean> {
    try {
      await this.settings.sleep(ms, signal);
      return !signal.aborted;
    } catch {
      return false;
    }
  }
}
