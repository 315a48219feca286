import type { Deal } from '../../domain/deal/deal.entity.js';
import { EXIT_REASONS } from '../../domain/services/exits/exit-reason.js';
import type { PanicWatch } from '../../domain/services/exits/exit.evaluator.js';
import type { ExchangeOrder } from '../../domain/ports/exchange.port.js';
import type { ClosedCandle, MarketFeed } from '../../domain/ports/market-feed.port.js';
import type { Strategy } from '../../domain/services/strategy.js';
import { TIMEFRAME_MS, type Candle, type Timeframe } from '../../domain/shared/candle.js';
import { checkExits } from '../check-exits/check-exits.use-case.js';
import { panicSell } from '../panic-sell/panic-sell.use-case.js';
import { reconcileOrders, type ReconcileReport } from '../reconcile-orders/reconcile-orders.use-case.js';
import { PauseBoard } from '../shared/pause-board.js';
import { SerialLock } from '../shared/serial-lock.js';
import type { TradingContext } from '../shared/trading-context.js';
import type { TradingDesk } from '../shared/working-deals.js';
import { applyOrderUpdate, needsCheck, updateDeal } from '../update-deals/update-deals.use-case.js';
import { openDealsOnSignals } from './open-deals.js';
import { attachPanicWatches, hasWorkingDeals, loopDeals, nextCheckAt, pairState, refreshPair, type PairState } from './pair-state.js';

export interface TradingLoopOptions {
  readonly timeframe: Timeframe;
  /** Closed candles of history each pair's strategy warms up on before the first tick; DESIGN: 500. */
  readonly windowSize: number;
  /** Told what reconciliation found before trading starts. */
  readonly onReconciled?: (report: ReconcileReport) => void;
  /** Pauses of new deals, shared with whoever else pauses; the loop's own by default. */
  readonly pauses?: PauseBoard;
}

/** Adds `state` to this tick's touched pairs, once. */
function touch(touched: PairState[], state: PairState, tickNumber: number): void {
  if (state.touchedTick === tickNumber) return;
  state.touchedTick = tickNumber;
  touched.push(state);
}

/** The deal that has the order `clientOrderId`. */
function dealWithOrder(deals: readonly Deal[], clientOrderId: string): Deal | undefined {
  for (let i = 0; i < deals.length; i += 1) if (deals[i]!.order(clientOrderId) !== undefined) return deals[i];
  return undefined;
}

const byPosition = (a: PairState, b: PairState): number => a.position - b.position;

function lastPrice(state: PairState | undefined): number | null {
  return state === undefined || Number.isNaN(state.price) ? null : state.price;
}

export class TradingBlockedError extends Error {
  override readonly name = 'TradingBlockedError';
}

export interface LoopStats {
  ticks: number;
  candles: number;
}

/**
 * One async loop over many pairs. Per tick (the candles that closed together), in order:
 * bring working deals up to date (fills, sells, closes, stale buys), run the exit rules (panic
 * sell, then each open deal's stops and time exit), then read each pair's signal and open
 * deals where the pair is not paused. The same loop runs live, paper and backtest; only
 * adapters differ. A tick that needs no I/O is processed synchronously; operator actions
 * (`operate`) run between ticks, never inside one.
 */
export class TradingLoop {
  readonly #states = new Map<string, PairState>();
  /** The same states in pair order, for the loops that visit every pair on a tick (no iterator objects). */
  readonly #all: PairState[] = [];
  readonly #ctx: TradingContext;
  readonly #lock = new SerialLock();
  readonly #desk: TradingDesk;
  readonly #stops: boolean;
  #panicked: PanicWatch[] | null = null;
  /** The pair state of each position of the last tick: a replay hands out the same tick objects every time. */
  readonly #seen: { closed: ClosedCandle | null; state: PairState | undefined }[] = [];
  /** Before this time no working deal needs the exchange asked (see nextCheckAt); kept current by #refreshAll. */
  #nextCheck = Number.NEGATIVE_INFINITY;
  readonly pauses: PauseBoard;
  readonly stats: LoopStats = { ticks: 0, candles: 0 };

  constructor(
    ctx: TradingContext,
    private readonly feed: MarketFeed,
    private readonly strategy: Strategy,
    private readonly options: TradingLoopOptions,
  ) {
    this.#ctx = { ...ctx, marks: { lastPrice: (symbol) => lastPrice(this.#states.get(symbol)) } };
    this.#stops = ctx.exchange.supportsStopPrice === true;
    this.pauses = options.pauses ?? new PauseBoard();
    this.#desk = { ctx: this.#ctx, deals: loopDeals(this.#states, this.#ctx), pauses: this.pauses };
  }

  /** Trades until the feed ends or `signal` aborts; `afterTick` sees each processed tick. */
  async run(signal?: AbortSignal, afterTick?: (tick: readonly ClosedCandle[], changed: boolean) => void | Promise<void>): Promise<LoopStats> {
    await this.start();
    const symbols = [...this.#ctx.pairs.keys()];
    const replay = this.feed.replay?.(symbols, this.options.timeframe, signal);
    if (replay) {
      for (let next = replay.next(); next.done !== true; next = replay.next()) {
        const result = this.process(next.value);
        const changed = result === true || result === false ? result : await result;
        const after = afterTick?.(next.value, changed);
        if (after !== undefined) await after;
        if (signal?.aborted) break;
      }
      return this.stats;
    }
    for await (const tick of this.feed.ticks(symbols, this.options.timeframe, signal)) {
      const changed = await this.process(tick);
      if (afterTick) await afterTick(tick, changed);
      if (signal?.aborted) break;
    }
    return this.stats;
  }

  /** Reconciles with the exchange, then warms each pair's strategy up on history. */
  async start(): Promise<void> {
    const report = await reconcileOrders(this.#ctx);
    this.options.onReconciled?.(report);
    if (report.unresolved.length > 0) throw new TradingBlockedError(`trading blocked until resolved: ${report.unresolved.join('; ')}`);
    for (const [symbol, traded] of this.#ctx.pairs) {
      const state = pairState(traded, this.strategy.forPair(symbol), report.workingDeals.filter((d) => d.symbol === symbol), this.#all.length);
      for (const candle of await this.feed.history(symbol, this.options.timeframe, this.options.windowSize)) {
        state.strategy.onCandle(candle);
        state.last = candle;
      }
      state.price = state.last?.close ?? Number.NaN;
      refreshPair(state, this.#stops);
      this.#states.set(symbol, state);
      this.#all.push(state);
    }
    attachPanicWatches(this.#states, TIMEFRAME_MS[this.options.timeframe]);
    this.#nextCheck = nextCheckAt(this.#all);
  }

  /**
   * Processes one tick; true when a deal or order changed (balances may have). Returns a
   * promise only when the tick needs the exchange or the database.
   */
  process(tick: readonly ClosedCandle[]): boolean | Promise<boolean> {
    return this.#lock.busy ? this.#afterOperator(tick) : this.#process(tick, false);
  }

  /** `process`, always as a promise. */
  async step(tick: readonly ClosedCandle[]): Promise<boolean> {
    return this.process(tick);
  }

  /** Runs an operator action (close, cancel, close-all, panic sell, pause) on this loop's deals, between ticks. */
  operate<T>(action: (desk: TradingDesk) => Promise<T> | T): Promise<T> {
    return this.#lock.run(async () => {
      try {
        return await action(this.#desk);
      } finally {
        this.#refreshAll();
      }
    });
  }

  /**
   * A realtime price of `symbol` between candle closes (ticker): its open deals' stops, trailing
   * stop and time exit see it as a candle of one price. Cheap when no rule would act.
   */
  onTicker(symbol: string, price: number, at: number): Promise<boolean> {
    const state = this.#states.get(symbol);
    if (state === undefined || !state.watches.some((w) => w.mayAct(at, price, price, at))) return Promise.resolve(false);
    return this.#lock.run(async () => {
      state.price = price;
      const changed = await checkExits(this.#ctx, state.watches, { openTime: at, high: price, close: price }, at);
      if (changed) this.#refreshAll();
      return changed;
    });
  }

  #process(tick: readonly ClosedCandle[], locked: boolean): boolean | Promise<boolean> {
    const tickNumber = (this.stats.ticks += 1);
    this.stats.candles += tick.length;
    const updates = this.#ctx.exchange.takeOrderUpdates?.();
    const now = this.#ctx.clock.now();
    let checks = updates === undefined ? hasWorkingDeals(this.#all) : updates.length > 0;
    if (!checks && updates !== undefined && now >= this.#nextCheck) checks = this.#anyNeedsCheck(now);
    let bullish: ClosedCandle[] | null = null;
    let openable = false;
    for (let i = 0; i < tick.length; i += 1) {
      const closed = tick[i] as ClosedCandle;
      const state = this.#stateOf(closed, i);
      if (!state) continue;
      const c = closed.candle;
      state.last = c;
      state.lastTick = tickNumber;
      state.price = c.close;
      if (state.strategy.onCandle(c) === 'BULLISH') {
        (bullish ??= []).push(closed);
        if (!openable) openable = state.deals.length < state.traded.pair.dealCount && !this.pauses.isPaused(closed.symbol, now);
      }
      const { panics, watches } = state;
      for (let j = 0; j < panics.length; j += 1) if ((panics[j] as PanicWatch).detector.observe(c.openTime, c.high, c.close)) (this.#panicked ??= []).push(panics[j] as PanicWatch);
      for (let j = 0; j < watches.length && !checks; j += 1) checks = watches[j]!.mayAct(c.openTime, c.high, c.close, now);
    }
    const panicked = this.#panicked;
    // With no deal to update, no exit and no panic, deals cannot change before the signals are
    // read: a signal of a pair at its dealCount or paused then needs no async work.
    if (!checks && !openable && panicked === null) return false;
    this.#panicked = null;
    return locked ? this.#work(updates, bullish, panicked, now, tickNumber) : this.#locked(updates, bullish, panicked, now, tickNumber);
  }

  #stateOf(closed: ClosedCandle, position: number): PairState | undefined {
    const seen = this.#seen[position];
    if (seen !== undefined && seen.closed === closed) return seen.state;
    const state = this.#states.get(closed.symbol);
    if (seen === undefined) this.#seen[position] = { closed, state };
    else {
      seen.closed = closed;
      seen.state = state;
    }
    return state;
  }

  // The closures live here, not in #process: a closure there would cost an allocation on every candle.
  #afterOperator(tick: readonly ClosedCandle[]): Promise<boolean> {
    return this.#lock.run(async () => this.#process(tick, true));
  }

  #locked(updates: readonly ExchangeOrder[] | undefined, bullish: readonly ClosedCandle[] | null, panicked: readonly PanicWatch[] | null, now: number, tickNumber: number): Promise<boolean> {
    return this.#lock.run(() => this.#work(updates, bullish, panicked, now, tickNumber));
  }

  async #work(updates: readonly ExchangeOrder[] | undefined, bullish: readonly ClosedCandle[] | null, panicked: readonly PanicWatch[] | null, now: number, tickNumber: number): Promise<boolean> {
    let changed = false;
    // Pairs whose deals this tick may change; the others are not looked at again. A pair not
    // touched by an update needs its deals checked only once its next check time has come.
    // A pair is in the list when its touchedTick is this tick's number (no Set per tick).
    const touched: PairState[] = [];
    const due = updates === undefined || now >= this.#nextCheck;
    this.#nextCheck = Number.NEGATIVE_INFINITY; // until the deals settle again at the end
    if (updates !== undefined) {
      for (let i = 0; i < updates.length; i += 1) {
        const update = updates[i]!;
        const state = this.#states.get(update.symbol);
        const deal = state === undefined ? undefined : dealWithOrder(state.deals, update.clientOrderId);
        if (!state || !deal) continue;
        await applyOrderUpdate(this.#ctx, deal, update);
        touch(touched, state, tickNumber);
        changed = true;
      }
    }
    // index loops: a for-of across an await keeps an iterator and a result object per step alive;
    // before the next check time only the pairs an update touched are visited, in pair order
    const all = this.#all;
    // sorted in place: the visits below touch only pairs already in the list
    const visit = due ? all : touched.sort(byPosition);
    for (let i = 0; i < visit.length; i += 1) {
      const state = visit[i] as PairState;
      for (let j = 0; j < state.deals.length; j += 1) {
        const deal = state.deals[j] as Deal;
        if (deal.isFinal) continue;
        if (updates !== undefined && !needsCheck(this.#ctx, deal, now)) continue;
        if (await updateDeal(this.#ctx, deal)) {
          touch(touched, state, tickNumber);
          changed = true;
        }
      }
    }
    if (panicked !== null) {
      for (const watch of panicked) await panicSell(this.#desk, { symbols: [watch.pair], until: now + watch.cooldownMs, reason: EXIT_REASONS.panicSell });
      changed = true;
      for (const state of this.#all) touch(touched, state, tickNumber);
    }
    this.#refreshPairs(touched);
    let exited = false;
    for (let i = 0; i < all.length; i += 1) {
      const state = all[i] as PairState;
      if (state.watches.length === 0 || state.lastTick !== tickNumber) continue;
      if (await checkExits(this.#ctx, state.watches, state.last as Candle, now)) {
        exited = true;
        touch(touched, state, tickNumber);
      }
    }
    if (exited) this.#refreshPairs(touched);
    if (bullish !== null) {
      if (await openDealsOnSignals(this.#ctx, this.#states, bullish, this.pauses, now)) changed = true;
      for (let i = 0; i < bullish.length; i += 1) touch(touched, this.#states.get(bullish[i]!.symbol) as PairState, tickNumber);
    }
    this.#refresh(touched);
    return changed || exited;
  }

  /** Refreshes the pairs and the loop's next check time. */
  #refresh(states: readonly PairState[]): void {
    this.#refreshPairs(states);
    this.#nextCheck = nextCheckAt(this.#all);
  }

  /** Within a tick's work: the next check time is worked out once, when the work ends. */
  #refreshPairs(states: readonly PairState[]): void {
    for (let i = 0; i < states.length; i += 1) refreshPair(states[i]!, this.#stops);
  }

  #refreshAll(): void {
    this.#refresh(this.#all);
  }

  #anyNeedsCheck(now: number): boolean {
    for (const state of this.#all) for (const deal of state.deals) if (needsCheck(this.#ctx, deal, now)) return true;
    return false;
  }

  /** Working deals per pair, for reports and the operator. */
  workingDeals(): Deal[] {
    return [...this.#states.values()].flatMap((s) => s.deals);
  }

  /** A live view of the last price of `symbol` (NaN before any), for readers on every tick; after start(). */
  priceOf(symbol: string): { readonly price: number } {
    const state = this.#states.get(symbol);
    if (state === undefined) throw new RangeError(`pair ${symbol} is not traded by this loop`);
    return state;
  }
}
