import type { Clock } from '../../../domain/ports/clock.port.js';
import type { ClosedCandle } from '../../../domain/ports/market-feed.port.js';
import type { Candle, Timeframe } from '../../../domain/shared/candle.js';
import type { ExchangeLogger } from '../../exchange/ccxt/secret-redactor.js';
import type { CandleStream } from './candle-stream.js';
import { TickAssembler } from './tick-assembler.js';

/** REST candles: CcxtExchange.fetchOHLCV fits (paged, retried). */
export interface CandleHistorySource {
  fetchOHLCV(symbol: string, timeframe: Timeframe, since: number, query?: { readonly until?: number; readonly limit?: number }): Promise<Candle[]>;
}

export interface FeedSettings {
  readonly clock: Clock;
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly log: ExchangeLogger;
  /** No stream message for this long means the stream is dead: reconnect, poll meanwhile. */
  readonly silenceMs: number;
  /** How often the supervisor looks at the stream, deadlines and gaps. */
  readonly checkEveryMs: number;
  /** REST polling period while the stream is down. */
  readonly pollEveryMs: number;
  /** After a candle's close time, how long the stream gets to deliver its final update. */
  readonly closeGraceMs: number;
  readonly reconnectBaseMs: number;
  readonly reconnectMaxMs: number;
}

export interface FeedStatus {
  readonly connection: 'connecting' | 'up' | 'down';
  /** REST polls of every symbol while the stream was down. */
  readonly polls: number;
  /** REST reads of single symbols for overdue or skipped candles. */
  readonly backfills: number;
  readonly reconnects: number;
  /** A supervisor check (possibly with REST reads) is running. */
  readonly checking: boolean;
}

/**
 * One run of ticks(): a watcher reading the stream (reconnecting with backoff on the injected
 * clock) and a supervisor that detects a dead or silent stream, polls REST meanwhile, and
 * backfills overdue or skipped candles, both feeding one TickAssembler.
 */
export class FeedSession {
  readonly #assembler: TickAssembler;
  #connection: FeedStatus['connection'] = 'connecting';
  #lastMessageAt: number;
  #lastResetAt: number;
  #lastPollAt = Number.NEGATIVE_INFINITY;
  readonly #lastBackfill = new Map<string, number>();
  #polls = 0;
  #backfills = 0;
  #reconnects = 0;
  #checking = false;
  #dirty = true;
  #wake: (() => void) | null = null;
  /** The symbols streamed; changed by `add` and `remove` while it runs. */
  #symbols: readonly string[];

  constructor(
    symbols: readonly string[],
    private readonly timeframe: Timeframe,
    starts: ReadonlyMap<string, number>,
    private readonly rest: CandleHistorySource,
    private readonly stream: CandleStream,
    private readonly settings: FeedSettings,
  ) {
    this.#symbols = symbols;
    this.#assembler = new TickAssembler(symbols, timeframe, starts, settings.closeGraceMs);
    this.#lastMessageAt = settings.clock.now();
    this.#lastResetAt = this.#lastMessageAt;
  }

  /** Streams `symbol` too, from the candle opening at `start`; the stream subscribes it on its next read. */
  add(symbol: string, start: number): void {
    if (this.#symbols.includes(symbol)) return;
    this.#symbols = [...this.#symbols, symbol];
    this.#assembler.add(symbol, start);
    this.#notify();
  }

  remove(symbol: string): void {
    this.#symbols = this.#symbols.filter((s) => s !== symbol);
    this.#assembler.remove(symbol);
    this.#notify();
  }

  status(): FeedStatus {
    return { connection: this.#connection, polls: this.#polls, backfills: this.#backfills, reconnects: this.#reconnects, checking: this.#checking };
  }

  /** Some candles of the next tick have closed, not all (TickAssembler.forming). */
  forming(): boolean {
    return this.#assembler.forming();
  }

  async *run(outer?: AbortSignal): AsyncGenerator<readonly ClosedCandle[]> {
    const stop = new AbortController();
    const onAbort = (): void => stop.abort();
    outer?.addEventListener('abort', onAbort, { once: true });
    if (outer?.aborted) stop.abort();
    const loops = [this.#watch(stop.signal), this.#supervise(stop.signal)];
    try {
      while (!stop.signal.aborted) {
        for (const tick of this.#assembler.drain(this.settings.clock.now())) yield tick;
        await this.#changed(stop.signal);
      }
    } finally {
      stop.abort();
      outer?.removeEventListener('abort', onAbort);
      await this.stream.close().catch(() => undefined);
      await Promise.allSettled(loops);
    }
  }

  async #watch(signal: AbortSignal): Promise<void> {
    let backoff = this.settings.reconnectBaseMs;
    while (!signal.aborted) {
      try {
        const updates = await this.stream.next(this.#symbols, this.timeframe);
        const now = this.settings.clock.now();
        if (this.#connection !== 'up') this.settings.log.info({ symbols: this.#symbols.length }, 'candle stream up');
        this.#connection = 'up';
        this.#lastMessageAt = now;
        backoff = this.settings.reconnectBaseMs;
        for (const [symbol, candles] of updates) this.#assembler.observeStream(symbol, candles, now);
        this.#notify();
      } catch (error) {
        if (signal.aborted) return;
        this.#connection = 'down';
        this.#assembler.newSession();
        this.#reconnects += 1;
        this.settings.log.warn({ error: error instanceof Error ? error.message : String(error), reconnectInMs: backoff }, 'candle stream lost; polling REST until it is back');
        this.#notify();
        await this.stream.reset().catch(() => undefined);
        try {
          await this.settings.sleep(backoff, signal);
        } catch {
          return;
        }
        backoff = Math.min(this.settings.reconnectMaxMs, backoff * 2);
      }
    }
  }

  async #supervise(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      this.#checking = true;
      try {
        await this.#check();
      } finally {
        this.#checking = false;
      }
      this.#notify();
      try {
        await this.settings.sleep(this.settings.checkEveryMs, signal);
      } catch {
        return;
      }
    }
  }

  async #check(): Promise<void> {
    const { clock, silenceMs, pollEveryMs, log } = this.settings;
    const now = clock.now();
    if (now - Math.max(this.#lastMessageAt, this.#lastResetAt) >= silenceMs) {
      log.warn({ silentMs: now - this.#lastMessageAt }, 'candle stream silent; reconnecting, polling REST meanwhile');
      this.#lastResetAt = now;
      this.#connection = 'down';
      this.#assembler.newSession();
      await this.stream.reset().catch(() => undefined);
    }
    if (this.#connection === 'down') {
      if (now - this.#lastPollAt < pollEveryMs) return;
      this.#lastPollAt = now;
      this.#polls += 1;
      for (const symbol of this.#symbols) await this.#readRest(symbol);
      return;
    }
    for (const { symbol } of this.#assembler.wanted(now)) {
      if (now - (this.#lastBackfill.get(symbol) ?? Number.NEGATIVE_INFINITY) < pollEveryMs) continue;
      this.#lastBackfill.set(symbol, now);
      this.#backfills += 1;
      await this.#readRest(symbol);
    }
  }

  async #readRest(symbol: string): Promise<void> {
    const since = this.#assembler.cursor(symbol);
    const readAt = this.settings.clock.now();
    try {
      const candles = await this.rest.fetchOHLCV(symbol, this.timeframe, since);
      this.#assembler.observeRest(symbol, candles, since, readAt);
      this.#notify();
    } catch (error) {
      this.settings.log.warn({ symbol, since, error: error instanceof Error ? error.message : String(error) }, 'REST candles unavailable; will retry');
    }
  }

  #notify(): void {
    this.#dirty = true;
    const wake = this.#wake;
    this.#wake = null;
    wake?.();
  }

  #changed(signal: AbortSignal): Promise<void> {
    if (this.#dirty || signal.aborted) {
      this.#dirty = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = (): void => {
        signal.removeEventListener('abort', done);
        this.#dirty = false;
        resolve();
      };
      this.#wake = done;
      signal.addEventListener('abort', done, { once: true });
    });
  }
}
