import type { Deal } from '../../domain/deal/deal.entity.js';
import type { Balances } from '../../domain/ports/exchange.port.js';
import type { ClosedCandle, MarketFeed } from '../../domain/ports/market-feed.port.js';
import type { PairStrategy, Strategy } from '../../domain/services/strategy.js';
import type { Timeframe } from '../../domain/shared/candle.js';
import { dec, ZERO, type Decimal } from '../../domain/shared/decimal.js';
import { openDeal } from '../open-deal/open-deal.use-case.js';
import { reconcileOrders, type ReconcileReport } from '../reconcile-orders/reconcile-orders.use-case.js';
import type { TradingContext } from '../shared/trading-context.js';
import { updateDeal } from '../update-deals/update-deals.use-case.js';
import { CandleWindow } from './candle-window.js';

export interface TradingLoopOptions {
  readonly timeframe: Timeframe;
  /** Closed candles kept per pair for the indicators; DESIGN: 500. */
  readonly windowSize: number;
  /** Told about exchange orders with our prefix that the database does not know. */
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

  async run(signal?: AbortSignal): Promise<LoopStats> {
    await this.start();
    for await (const tick of this.feed.ticks([...this.ctx.pairs.keys()], this.options.timeframe, signal)) {
      await this.step(tick);
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

  async step(tick: readonly ClosedCandle[]): Promise<void> {
    this.stats.ticks += 1;
    this.stats.candles += tick.length;
    for (const state of this.#states.values()) {
      if (state.deals.length === 0) continue;
      for (const deal of state.deals) await updateDeal(this.ctx, deal);
      state.deals = state.deals.filter((d) => !d.isFinal);
    }
    let balances: Balances | null = null;
    const reserved = new Map<string, Decimal>();
    for (const { symbol, candle } of tick) {
      const state = this.#states.get(symbol);
      if (!state) continue;
      state.window.push(candle);
      const signal = state.strategy.onCandle(candle);
      if (signal !== 'BULLISH') continue;
      const quote = this.ctx.pairs.get(symbol)?.pair.quote as string;
      balances ??= await this.ctx.exchange.fetchBalance();
      const already = reserved.get(quote) ?? ZERO;
      const result = await openDeal(this.ctx, {
        symbol,
        signal,
        price: dec(candle.close),
        openDeals: state.deals.length,
        freeQuote: (balances[quote]?.free ?? ZERO).minus(already),
      });
      if ('opened' in result) {
        if (!result.opened.isFinal) state.deals.push(result.opened);
        reserved.set(quote, already.plus(result.reserved));
      }
    }
  }

  /** Working deals per pair, for reports and the operator. */
  workingDeals(): Deal[] {
    return [...this.#states.values()].flatMap((s) => s.deals);
  }

  window(symbol: string): CandleWindow | undefined {
    return this.#states.get(symbol)?.window;
  }
}
