import type { Deal } from '../../domain/deal/deal.entity.js';
import type { Balances, ExchangeOrder } from '../../domain/ports/exchange.port.js';
import type { ClosedCandle, MarketFeed } from '../../domain/ports/market-feed.port.js';
import type { PairStrategy, Strategy } from '../../domain/services/strategy.js';
import type { Timeframe } from '../../domain/shared/candle.js';
import { dec, ZERO, type Decimal } from '../../domain/shared/decimal.js';
import { openDeal } from '../open-deal/open-deal.use-case.js';
import { reconcileOrders, type ReconcileReport } from '../reconcile-orders/reconcile-orders.use-case.js';
import type { TradingContext } from '../shared/trading-context.js';
import { applyOrderUpdate, needsCheck, updateDeal } from '../update-deals/update-deals.use-case.js';
import { CandleWindow } from './candle-window.js';

export interface TradingLoopOptions {
  readonly timeframe: Timeframe;
  /** Closed candles kept per pair for the indicators; DESIGN: 500. */
  readonly windowSize: number;
  /** Told what reconciliation found before trading starts. */
  readonly onReconciled?: (report: ReconcileReport) => void;
}

export class TradingBlockedError extends Error {
  override readonly name = 'TradingBlockedError';
}

interface PairState {
  readonly strategy: PairStrategy;
  readonly window: CandleWindow;
  deals: Deal[];
}

export interface LoopStats {
  ticks: number;
  candles: number;
}

/**
 * One async loop over many pairs. Per tick (the candles that closed together), in order:
 * bring working deals up to date (fills, sells, closes, stale buys), then read each pair's
 * signal and open deals. The same loop runs live, paper and backtest; only adapters differ.
 * A tick that needs no I/O is processed synchronously.
 */
export class TradingLoop {
  readonly #states = new Map<string, PairState>();
  readonly stats: LoopStats = { ticks: 0, candles: 0 };

  constructor(
    private readonly ctx: TradingContext,
    private readonly feed: MarketFeed,
    private readonly strategy: Strategy,
    private readonly options: TradingLoopOptions,
  ) {}

  /** Trades until the feed ends or `signal` aborts; `afterTick` sees each processed tick. */
  async run(signal?: AbortSignal, afterTick?: (tick: readonly ClosedCandle[], changed: boolean) => void | Promise<void>): Promise<LoopStats> {
    await this.start();
    const symbols = [...this.ctx.pairs.keys()];
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
    const report = await reconcileOrders(this.ctx);
    this.options.onReconciled?.(report);
    if (report.unresolved.length > 0) throw new TradingBlockedError(`trading blocked until resolved: ${report.unresolved.join('; ')}`);
    for (const symbol of this.ctx.pairs.keys()) {
      const state: PairState = { strategy: this.strategy.forPair(symbol), window: new CandleWindow(this.options.windowSize), deals: report.workingDeals.filter((d) => d.symbol === symbol) };
      for (const candle of await this.feed.history(symbol, this.options.timeframe, this.options.windowSize)) {
        state.strategy.onCandle(candle);
        state.window.push(candle);
      }
      this.#states.set(symbol, state);
    }
  }

  /**
   * Processes one tick; true when a deal or order changed (balances may have). Returns a
   * promise only when the tick needs the exchange or the database.
   */
  process(tick: readonly ClosedCandle[]): boolean | Promise<boolean> {
    this.stats.ticks += 1;
    this.stats.candles += tick.length;
    const updates = this.ctx.exchange.takeOrderUpdates?.();
    const now = this.ctx.clock.now();
    let checks = updates === undefined ? this.#hasWorkingDeals() : updates.length > 0;
    if (!checks && updates !== undefined) checks = this.#anyNeedsCheck(now);
    let bullish: ClosedCandle[] | null = null;
    for (let i = 0; i < tick.length; i += 1) {
      const closed = tick[i] as ClosedCandle;
      const state = this.#states.get(closed.symbol);
      if (!state) continue;
      state.window.push(closed.candle);
      if (state.strategy.onCandle(closed.candle) === 'BULLISH') (bullish ??= []).push(closed);
    }
    if (!checks && bullish === null) return false;
    return this.#work(updates, bullish, now);
  }

  /** `process`, always as a promise. */
  async step(tick: readonly ClosedCandle[]): Promise<boolean> {
    return this.process(tick);
  }

  async #work(updates: readonly ExchangeOrder[] | undefined, bullish: readonly ClosedCandle[] | null, now: number): Promise<boolean> {
    let changed = false;
    if (updates !== undefined) {
      for (const update of updates) {
        const deal = this.#states.get(update.symbol)?.deals.find((d) => d.order(update.clientOrderId) !== undefined);
        if (!deal) continue;
        await applyOrderUpdate(this.ctx, deal, update);
        changed = true;
      }
    }
    for (const state of this.#states.values()) {
      for (const deal of state.deals) {
        if (deal.isFinal) continue;
        if (updates !== undefined && !needsCheck(this.ctx, deal, now)) continue;
        if (await updateDeal(this.ctx, deal)) changed = true;
      }
      if (changed) state.deals = state.deals.filter((d) => !d.isFinal);
    }
    if (bullish !== null && (await this.#openDeals(bullish))) changed = true;
    return changed;
  }

  async #openDeals(candidates: readonly ClosedCandle[]): Promise<boolean> {
    const bullish = candidates.filter(({ symbol }) => (this.#states.get(symbol)?.deals.length ?? 0) < (this.ctx.pairs.get(symbol)?.pair.dealCount ?? 0));
    if (bullish.length === 0) return false;
    let opened = false;
    const balances: Balances = await this.ctx.exchange.fetchBalance();
    const reserved = new Map<string, Decimal>();
    for (const { symbol, candle } of bullish) {
      const state = this.#states.get(symbol) as PairState;
      const quote = this.ctx.pairs.get(symbol)?.pair.quote as string;
      const already = reserved.get(quote) ?? ZERO;
      const result = await openDeal(this.ctx, {
        symbol,
        signal: 'BULLISH',
        price: dec(candle.close),
        openDeals: state.deals.length,
        freeQuote: (balances[quote]?.free ?? ZERO).minus(already),
      });
      if ('opened' in result) {
        opened = true;
        if (!result.opened.isFinal) state.deals.push(result.opened);
        reserved.set(quote, already.plus(result.reserved));
      }
    }
    return opened;
  }

  #hasWorkingDeals(): boolean {
    for (const state of this.#states.values()) if (state.deals.length > 0) return true;
    return false;
  }

  #anyNeedsCheck(now: number): boolean {
    for (const state of this.#states.values()) for (const deal of state.deals) if (needsCheck(this.ctx, deal, now)) return true;
    return false;
  }

  /** Working deals per pair, for reports and the operator. */
  workingDeals(): Deal[] {
    return [...this.#states.values()].flatMap((s) => s.deals);
  }

  window(symbol: string): CandleWindow | undefined {
    return this.#states.get(symbol)?.window;
  }
}
