import type { CurrencyPair, CurrencyPairProps } from '../../domain/currency-pair/currency-pair.entity.js';
import type { Deal } from '../../domain/deal/deal.entity.js';
import { EXIT_REASONS } from '../../domain/services/exits/exit-reason.js';
import { anyMayAct } from '../../domain/services/exits/exit.watch.js';
import type { ClosedCandle, MarketFeed } from '../../domain/ports/market-feed.port.js';
import type { PairSource } from '../../domain/ports/repositories.port.js';
import type { ReplayedCandle } from '../../domain/ports/replay.port.js';
import type { Strategy } from '../../domain/services/strategy.js';
import { TIMEFRAME_MS, type Candle, type Timeframe } from '../../domain/shared/candle.js';
import { checkExits } from '../check-exits/check-exits.use-case.js';
import type { PairMarkets } from '../manage-pairs/pair-markets.js';
import { addPair, removePair, updatePair, warmedState, type PairChangeDeps, type PairTable } from '../manage-pairs/runtime-pairs.js';
import { panicSell } from '../panic-sell/panic-sell.use-case.js';
import { reconcileOrders, type ReconcileReport } from '../reconcile-orders/reconcile-orders.use-case.js';
import { PauseBoard } from '../shared/pause-board.js';
import { SerialLock } from '../shared/serial-lock.js';
import type { TradedPair, TradingContext } from '../shared/trading-context.js';
import type { TradingDesk } from '../shared/working-deals.js';
import { BetweenTicks } from './between-ticks.js';
import { anyDealToUpdate, applyPushedUpdates, dealsToLookAt, updateDeals, type PushedNews } from './deal-updates.js';
import { pairsToCheckExits } from './exit-checks.js';
import { decideEntries, sendEntries } from './open-deals.js';
import { attachPanicWatches, lastPrice, loopDeals, mayOpen, nextCheckAt, refreshPair, type PairState } from './pair-state.js';
import { NONE, pushedReading, readTick, type LoopStats, type LoopWatch, type TickReading } from './tick-reading.js';
import { TradingBlockedError } from './trading-blocked.error.js';

export type { LoopStats, LoopWatch, TickReading } from './tick-reading.js';
export { TradingBlockedError } from './trading-blocked.error.js';

export interface TradingLoopOptions {
  readonly timeframe: Timeframe;
  /** Closed candles of history each pair's strategy warms up on before the first tick; DESIGN: 500. */
  readonly windowSize: number;
  /** Told what reconciliation found before trading starts. */
  readonly onReconciled?: (report: ReconcileReport) => void;
  /** Pauses of new deals, shared with whoever else pauses; by default the loop's own, stored in the context's database. */
  readonly pauses?: PauseBoard;
  /** Where each of the context's pairs got its settings; 'config' when not listed. */
  readonly sources?: ReadonlyMap<string, PairSource>;
  /** The markets of pairs added at runtime; without, `addPair` is refused. */
  readonly markets?: PairMarkets;
}

/**
 * One async loop over many pairs. A tick is the candles that closed together; on each, in
 * the order of docs/trading-rules.md: (0) the exchange's pushed order updates applied in
 * memory, (1) the entries: new deals decided, stored with (0)'s changes in one commit, their
 * buys sent, (2) the working deals brought up to date (the sends (0) called for, fills, sells,
 * closes, buys past their lifetime), (3) the exit rules (panic sell, then each open deal's
 * stops and time exit). Sends in (1) and (2) run concurrently up to the exchange's order
 * concurrency, in order within a deal. Live, paper and backtest (through the replay driver) run
 * the same loop; only adapters differ. Operator actions (`operate`) run between ticks, never inside one.
 */
export class TradingLoop {
  /** The traded pairs, in the order of the configuration, then as added at runtime. */
  readonly #pairs: PairState[] = [];
  readonly #bySymbol = new Map<string, PairState>();
  /** The context's `pairs`: changes when pairs are added or removed at runtime. */
  readonly #traded: Map<string, TradedPair>;
  readonly #sources: Map<string, PairSource>;
  #started = false;
  /** Who watches `run` (the API): told the warm-up history of each pair. */
  #watch: LoopWatch | undefined;
  readonly #ctx: TradingContext;
  readonly #lock = new SerialLock();
  readonly #desk: TradingDesk;
  readonly #stops: boolean;
  /** Before this time no working deal needs the exchange asked (see pairNextCheck). */
  #nextCheck = Number.NEGATIVE_INFINITY;
  readonly #between = new BetweenTicks();
  readonly pauses: PauseBoard;
  readonly stats: LoopStats = { ticks: 0, candles: 0 };

  constructor(
    ctx: TradingContext,
    private readonly feed: MarketFeed,
    private readonly strategy: Strategy,
    private readonly options: TradingLoopOptions,
  ) {
    this.#traded = new Map(ctx.pairs);
    this.#sources = new Map([...this.#traded.keys()].map((symbol) => [symbol, options.sources?.get(symbol) ?? 'config']));
    this.#ctx = { ...ctx, pairs: this.#traded, marks: { lastPrice: (symbol) => lastPrice(this.#bySymbol.get(symbol)) } };
    this.#stops = ctx.exchange.supportsStopPrice === true;
    this.pauses = options.pauses ?? new PauseBoard(ctx);
    this.#desk = { ctx: this.#ctx, deals: loopDeals(this.#bySymbol, this.#ctx), pauses: this.pauses };
  }

  /** Trades on the feed's ticks until it ends or `signal` aborts; `afterTick` sees each tick, `watch` the start and each tick's arrival. */
  async run(signal?: AbortSignal, afterTick?: (tick: readonly ClosedCandle[], changed: boolean) => void | Promise<void>, watch?: LoopWatch): Promise<LoopStats> {
    this.#watch = watch;
    await this.start();
    watch?.started?.();
    // what the exchange pushes between ticks is acted on as it comes (a filled buy's sell goes out at once), while the loop runs
    this.#between.open(() => void this.onOrderUpdates());
    this.#ctx.exchange.onOrderUpdates?.(this.#between.listener);
    try {
      for await (const candles of this.feed.ticks([...this.#ctx.pairs.keys()], this.options.timeframe, signal)) {
        watch?.arrived?.(candles);
        const changed = await this.tick(candles);
        await afterTick?.(candles, changed);
        if (signal?.aborted) break;
      }
    } finally {
      this.#between.close();
    }
    return this.stats;
  }

  /** Reconciles with the exchange, then warms each pair's strategy up on history. */
  async start(): Promise<void> {
    await this.pauses.load(this.#ctx.clock.now());
    const report = await reconcileOrders(this.#ctx);
    this.options.onReconciled?.(report);
    if (report.unresolved.length > 0) throw new TradingBlockedError(`trading blocked until resolved: ${report.unresolved.join('; ')}`);
    const ended = await this.#ctx.uow.read((r) => r.deals.lastEnded());
    for (const [symbol, traded] of this.#traded) {
      const state = await warmedState(this.#changeDeps(), traded, report.workingDeals.filter((d) => d.symbol === symbol));
      state.lastEndedAt = Math.max(state.lastEndedAt, ended.get(symbol) ?? Number.NEGATIVE_INFINITY);
      this.#bySymbol.set(symbol, state);
      this.#pairs.push(state);
    }
    attachPanicWatches(this.#bySymbol, TIMEFRAME_MS[this.options.timeframe]);
    this.#nextCheck = nextCheckAt(this.#pairs);
    this.#started = true;
  }

  /** The context the loop's use cases work with; its `pairs` follow runtime pair changes. */
  get context(): TradingContext {
    return this.#ctx;
  }

  /** The traded pairs with where their settings came from. */
  pairs(): readonly { readonly pair: CurrencyPair; readonly source: 'config' | 'api' }[] {
    return [...this.#traded.values()].map(({ pair }) => ({ pair, source: this.#sources.get(pair.symbol) ?? 'config' }));
  }

  /** Between ticks: starts trading a new pair (persisted); PairConflictError (a RangeError) if known, the domain's ValidationError for bad settings. */
  addPair(props: CurrencyPairProps): Promise<CurrencyPair> {
    return this.#changePairs((table, deps) => addPair(table, deps, props));
  }

  /** Between ticks: new limits/exits for a pair (persisted); working deals keep the orders they have, new exit rules apply to them. */
  updatePair(symbol: string, changes: Partial<Omit<CurrencyPairProps, 'symbol'>>): Promise<CurrencyPair> {
    return this.#changePairs((table, deps) => updatePair(table, deps, symbol, changes));
  }

  /** Between ticks: stops trading the pair (persisted as removed); refuses while it has working deals. */
  removePair(symbol: string): Promise<void> {
    return this.#changePairs((table, deps) => removePair(table, deps, symbol));
  }

  /** A pair change under the lock, with the loop's pairs and what a change needs. */
  #changePairs<T>(change: (table: PairTable, deps: PairChangeDeps) => Promise<T>): Promise<T> {
    const table: PairTable = { traded: this.#traded, sources: this.#sources, states: this.#pairs, bySymbol: this.#bySymbol };
    return this.operate(() => change(table, this.#changeDeps()));
  }

  #changeDeps(): PairChangeDeps {
    const { timeframe, windowSize, markets } = this.options;
    return { ctx: this.#ctx, feed: this.feed, strategy: this.strategy, markets, timeframe, windowSize, stops: this.#stops, started: this.#started, onHistory: (symbol, history) => this.#watch?.warmedUp?.(symbol, history) };
  }

  /** One tick: its candles are read, then its steps run. True when a deal or order changed. */
  tick(candles: readonly ClosedCandle[]): Promise<boolean> {
    this.#between.rethrow();
    return this.#lock.run(() => this.#steps(readTick(this.stats, this.#ctx, candles, this.#bySymbolOf)));
  }

  /**
   * Reads a tick's candles without acting on them: each pair's strategy and panic watches see
   * its candle. For the replay driver, which runs `act` only when `hasWork` says so; nothing
   * else may run on the loop meanwhile.
   */
  read(candles: readonly ReplayedCandle[]): TickReading {
    if (this.#lock.busy) throw new Error('a tick was read while an operator action runs: use tick()');
    return readTick(this.stats, this.#ctx, candles, this.#inSlot);
  }

  /** Could the tick's steps change anything? */
  hasWork(reading: TickReading): boolean {
    if (reading.panics.length > 0 || reading.exitsMayAct || anyDealToUpdate(this.#ctx, this.#pairs, reading, this.#nextCheck)) return true;
    for (const { symbol } of reading.signals) if (mayOpen(this.#ctx, this.#bySymbol.get(symbol)!, this.pauses, reading.at)) return true;
    return false;
  }

  /** The steps of a read tick. True when a deal or order changed. */
  act(reading: TickReading): Promise<boolean> {
    return this.#lock.run(() => this.#steps(reading));
  }

  async #steps(reading: TickReading): Promise<boolean> {
    const news = applyPushedUpdates(this.#ctx, this.#bySymbol, reading.updates); // step 0
    const working = this.#workingToLookAt(reading, news);
    const entries = await this.#enter(reading, news); // step 1
    const updated = working.length === 0 ? NONE : await updateDeals(this.#ctx, working, news, reading.updates === undefined, reading.at); // step 2
    const touched = new Set<PairState>(news.pairs);
    for (const { symbol } of reading.signals) touched.add(this.#bySymbol.get(symbol)!);
    for (const deal of updated) touched.add(this.#bySymbol.get(deal.symbol)!);
    const exited = await this.#runExits(reading, touched); // step 3
    this.#settle(touched);
    return news.deals.length > 0 || entries.length > 0 || updated.length > 0 || exited;
  }

  /** The working deals step 2 looks at, taken before step 1 adds new ones: all when polled or a check is due, else those of pairs with news. */
  #workingToLookAt({ updates, at }: TickReading, news: PushedNews): Deal[] {
    const due = updates === undefined || at >= this.#nextCheck;
    this.#nextCheck = Number.NEGATIVE_INFINITY; // until the deals settle at the end of the tick
    return dealsToLookAt(this.#pairs, news, due);
  }

  /** Step 1: new deals decided, stored with step 0's changes in the tick's one commit (every order `new` before it is sent), their buys sent. */
  async #enter(reading: TickReading, news: PushedNews): Promise<readonly Deal[]> {
    const entries = await decideEntries(this.#ctx, this.#bySymbol, reading, this.pauses);
    if (news.deals.length > 0 || entries.length > 0) await this.#ctx.uow.saveDeals(news.deals.concat(entries));
    if (entries.length > 0) await sendEntries(this.#ctx, entries);
    return entries;
  }

  readonly #bySymbolOf = (closed: ClosedCandle): PairState | undefined => this.#bySymbol.get(closed.symbol);

  /** A replayed candle's slot is its pair's place when the replay was asked for the loop's pairs in order (checked). */
  readonly #inSlot = (closed: ReplayedCandle): PairState | undefined => {
    const state = this.#pairs[closed.slot];
    return state !== undefined && state.traded.pair.symbol === closed.symbol ? state : this.#bySymbol.get(closed.symbol);
  };

  /** Step 3: a panic sell where a market crashed, then each open deal's stops and time exit against its pair's candle. */
  async #runExits({ panics, number, at }: TickReading, touched: Set<PairState>): Promise<boolean> {
    for (const watch of panics) await panicSell(this.#desk, { symbols: [watch.pair], until: at + watch.cooldownMs, reason: EXIT_REASONS.panicSell });
    if (panics.length > 0) for (const state of this.#pairs) touched.add(state);
    this.#refresh(touched);
    let exited = false;
    for (const state of pairsToCheckExits(this.#pairs, number, at)) {
      if (!(await checkExits(this.#ctx, state.watches, state.last as Candle, at))) continue;
      exited = true;
      touched.add(state);
    }
    if (exited) this.#refresh(touched);
    return exited || panics.length > 0;
  }

  /**
   * The exchange pushed order updates between ticks (Exchange.onOrderUpdates): steps 0 and 2 run
   * on them now, under the lock, so a filled buy's sell goes out at once rather than at the next
   * candle close. Calls while one run waits share it. What it throws, the next tick throws.
   * While a tick is forming (MarketFeed.tickForming) they are left to it: entries first, then step 2.
   */
  onOrderUpdates(): Promise<boolean> {
    return this.#between.request(this.#lock, () => (this.feed.tickForming?.() === true ? Promise.resolve(false) : this.#steps(pushedReading(this.#ctx.exchange.takeOrderUpdates?.(), this.#ctx.clock.now()))));
  }

  /** Runs an operator action (close, cancel, close-all, panic sell, pause) on this loop's deals, between ticks. */
  operate<T>(action: (desk: TradingDesk) => Promise<T> | T): Promise<T> {
    return this.#lock.run(async () => {
      try {
        return await action(this.#desk);
      } finally {
        this.#settle(this.#pairs);
      }
    });
  }

  /**
   * A realtime price of `symbol` between candle closes (ticker): its open deals' stops, trailing
   * stop and time exit see it as a candle of one price. Cheap when no rule would act.
   */
  onTicker(symbol: string, price: number, at: number): Promise<boolean> {
    const state = this.#bySymbol.get(symbol);
    if (state === undefined || !anyMayAct(state.watches, at, price, price, at)) return Promise.resolve(false);
    return this.#lock.run(async () => {
      state.price = price;
      const changed = await checkExits(this.#ctx, state.watches, { openTime: at, high: price, close: price }, at);
      if (changed) this.#settle(this.#pairs);
      return changed;
    });
  }

  #refresh(states: Iterable<PairState>): void {
    for (const state of states) refreshPair(state, this.#stops);
  }

  /** After a tick's steps or an action: the changed pairs refreshed, and the loop's next check time. */
  #settle(changed: Iterable<PairState>): void {
    this.#refresh(changed);
    this.#nextCheck = nextCheckAt(this.#pairs);
  }

  /** Working deals per pair, for reports and the operator. */
  workingDeals(): Deal[] {
    return this.#pairs.flatMap((s) => s.deals);
  }

  /** A live view of the last price of `symbol` (NaN before any), for readers on every tick; after start(). */
  priceOf(symbol: string): { readonly price: number } {
    const state = this.#bySymbol.get(symbol);
    if (state === undefined) throw new RangeError(`pair ${symbol} is not traded by this loop`);
    return state;
  }
}
