import type { ClosedCandle } from '../../../domain/ports/market-feed.port.js';
import { TIMEFRAME_MS, type Candle, type Timeframe } from '../../../domain/shared/candle.js';

interface Pending {
  readonly candle: Candle;
  /** No later update can change it. */
  readonly final: boolean;
  /** The stream session that delivered it; -1 for REST. */
  readonly session: number;
}

/** What a REST answer covered: open times in [from, to) without a candle do not exist. */
interface Coverage {
  readonly from: number;
  readonly to: number;
}

export interface Backfill {
  readonly symbol: string;
  readonly since: number;
}

/**
 * Turns candle updates from the stream and from REST into closed-candle ticks: each candle
 * once, in time order, no gaps. A candle is closed when a newer open time arrives in the same
 * stream session, when REST shows a newer one or was read after its close, or when its close
 * time (plus grace) passed and the stream, still on the same connection, spoke after it. Updates from before a reconnect are not
 * trusted for candles that closed meanwhile: those are asked of REST (see `wanted`).
 */
export class TickAssembler {
  readonly #step: number;
  #symbols: readonly string[];
  readonly #cursor = new Map<string, number>();
  readonly #pending = new Map<string, Map<number, Pending>>();
  readonly #covered = new Map<string, Coverage>();
  #session = 0;
  /** When the current stream session last delivered anything. */
  #aliveAt = Number.NEGATIVE_INFINITY;

  constructor(
    symbols: readonly string[],
    private readonly timeframe: Timeframe,
    /** Open time of the first candle to emit, per symbol. */
    starts: ReadonlyMap<string, number>,
    private readonly graceMs: number,
  ) {
    this.#step = TIMEFRAME_MS[timeframe];
    this.#symbols = [];
    for (const symbol of symbols) {
      const start = starts.get(symbol);
      if (start === undefined) throw new Error(`no start for ${symbol}`);
      this.add(symbol, start);
    }
  }

  /** Assembles `symbol`'s candles too, from the one opening at `start`. */
  add(symbol: string, start: number): void {
    if (this.#cursor.has(symbol)) return;
    this.#symbols = [...this.#symbols, symbol];
    this.#cursor.set(symbol, start);
    this.#pending.set(symbol, new Map());
  }

  /** Forgets `symbol`: its candles no longer hold ticks back or appear in them. */
  remove(symbol: string): void {
    this.#symbols = this.#symbols.filter((s) => s !== symbol);
    this.#cursor.delete(symbol);
    this.#pending.delete(symbol);
    this.#covered.delete(symbol);
  }

  /** The stream reconnected: what it said before may have missed the final updates. */
  newSession(): void {
    this.#session += 1;
    this.#aliveAt = Number.NEGATIVE_INFINITY;
  }

  cursor(symbol: string): number {
    return this.#cursor.get(symbol)!;
  }

  /** Candles the stream delivered at `receivedAt` (the clock's time). */
  observeStream(symbol: string, candles: readonly Candle[], receivedAt: number): void {
    this.#aliveAt = Math.max(this.#aliveAt, receivedAt);
    const pending = this.#pending.get(symbol);
    if (pending === undefined) return;
    for (const candle of [...candles].sort((a, b) => a.openTime - b.openTime)) {
      if (candle.openTime < this.cursor(symbol) || pending.get(candle.openTime)?.final === true) continue;
      pending.set(candle.openTime, { candle, final: false, session: this.#session });
      for (const [openTime, p] of pending) {
        if (openTime < candle.openTime && !p.final && p.session === this.#session) pending.set(openTime, { ...p, final: true });
      }
    }
  }

  /** A REST answer for open times >= since, read at `readAt`. */
  observeRest(symbol: string, candles: readonly Candle[], since: number, readAt: number): void {
    const pending = this.#pending.get(symbol);
    if (pending === undefined || candles.length === 0) return;
    const last = Math.max(...candles.map((c) => c.openTime));
    for (const candle of candles) {
      if (candle.openTime < this.cursor(symbol)) continue;
      const final = candle.openTime < last || readAt >= candle.openTime + this.#step + this.graceMs;
      if (final || pending.get(candle.openTime)?.final !== true) pending.set(candle.openTime, { candle, final, session: -1 });
    }
    this.#covered.set(symbol, { from: since, to: last });
  }

  /** Some symbol's next candle has closed (final) while the tick it belongs to is not drained yet. */
  forming(): boolean {
    return this.#symbols.some((symbol) => this.#pending.get(symbol)!.get(this.cursor(symbol))?.final === true);
  }

  /** The ticks complete at `now`, oldest first; each symbol's cursor moves past what they hold. */
  drain(now: number): (readonly ClosedCandle[])[] {
    const ticks: ClosedCandle[][] = [];
    while (this.#symbols.length > 0) {
      const at = Math.min(...this.#symbols.map((s) => this.cursor(s)));
      const group = this.#symbols.filter((s) => this.cursor(s) === at);
      const states = group.map((s) => this.#state(s, now));
      if (states.some((s) => s === 'wait')) return ticks;
      const tick: ClosedCandle[] = [];
      group.forEach((symbol, i) => {
        if (states[i] === 'ready') tick.push({ symbol, timeframe: this.timeframe, candle: this.#pending.get(symbol)!.get(at)!.candle });
        this.#advance(symbol);
      });
      if (tick.length > 0) ticks.push(tick);
    }
    return ticks;
  }

  /** Symbols whose next candle must come from REST: overdue, or the stream moved past it, or it predates a reconnect. */
  wanted(now: number): Backfill[] {
    return this.#symbols.flatMap((symbol): Backfill[] => {
      const since = this.cursor(symbol);
      if (this.#state(symbol, now) !== 'wait') return [];
      const pending = this.#pending.get(symbol)!;
      const overdue = now >= since + this.#step + this.graceMs;
      const skipped = [...pending.keys()].some((t) => t > since) && pending.get(since)?.final !== true;
      return overdue || skipped ? [{ symbol, since }] : [];
    });
  }

  #state(symbol: string, now: number): 'ready' | 'absent' | 'wait' {
    const at = this.cursor(symbol);
    const p = this.#pending.get(symbol)!.get(at);
    if (p !== undefined) {
      if (p.final) return 'ready';
      // The stream spoke after this candle's close and has not reconnected since: its last word was final.
      const closedOnStream = p.session === this.#session && this.#aliveAt >= at + this.#step && now >= at + this.#step + this.graceMs;
      return closedOnStream ? 'ready' : 'wait';
    }
    const covered = this.#covered.get(symbol);
    return covered !== undefined && covered.from <= at && at < covered.to ? 'absent' : 'wait';
  }

  #advance(symbol: string): void {
    const next = this.cursor(symbol) + this.#step;
    this.#cursor.set(symbol, next);
    const pending = this.#pending.get(symbol)!;
    for (const openTime of pending.keys()) if (openTime < next) pending.delete(openTime);
  }
}
