import type { DomainEvent } from '../../domain/events.js';
import type { Balances } from '../../domain/ports/exchange.port.js';
import type { ReplayFeed } from '../../domain/ports/replay.port.js';
import type { Strategy } from '../../domain/services/strategy.js';
import type { Timeframe } from '../../domain/shared/candle.js';
import { TIMEFRAME_MS } from '../../domain/shared/candle.js';
import { dec, ZERO, type Decimal } from '../../domain/shared/decimal.js';
import type { TradingContext } from '../shared/trading-context.js';
import { TradingLoop } from '../trading-loop/trading-loop.js';
import type { BacktestResult, BotOfRun } from './backtest-result.js';
import { GrowingCurve } from './growing-curve.js';
import { driveReplay } from './replay-driver.js';

export interface BacktestSetup {
  readonly ctx: TradingContext;
  /** Committed domain events of the run, as they happen. */
  readonly events: { subscribe(listener: (events: readonly DomainEvent[]) => void): void };
  /** Replayed history; paper fills happen inside it (a matching feed). */
  readonly feed: ReplayFeed;
  readonly strategy: Strategy;
  readonly timeframe: Timeframe;
  readonly windowSize: number;
  /** About how many ticks the feed holds (the longest series), so the equity curve is sized once. */
  readonly expectedTicks?: number;
}

export interface BacktestOptions {
  readonly signal?: AbortSignal;
  /** Called now and then with the ticks done. */
  readonly onProgress?: (ticksDone: number) => void;
}

/**
 * A backtest is the trading loop over replayed candles on a simulated clock: no backtest-only
 * strategy path. This adds only what a report needs: the equity curve and the final state.
 */
export async function runBacktest(setup: BacktestSetup, options: BacktestOptions = {}): Promise<BacktestResult> {
  const { ctx, timeframe } = setup;
  const symbols = [...ctx.pairs.keys()];
  const quote = sharedQuote(ctx);
  const startingBalances = await ctx.exchange.fetchBalance();
  const loop = new TradingLoop(ctx, setup.feed, setup.strategy, { timeframe, windowSize: setup.windowSize });
  const marks = new EquityMarks(ctx, quote, startingBalances);
  setup.events.subscribe((events) => marks.apply(events));
  const step = TIMEFRAME_MS[timeframe];
  const curve = new GrowingCurve(step, setup.expectedTicks);
  const onProgress = options.onProgress;
  await driveReplay(loop, setup.feed, timeframe, symbols, {
    ...(options.signal !== undefined && { signal: options.signal }),
    afterTick: (tick) => {
      if (tick.length === 0) return;
      if (curve.length === 0) marks.start((symbol) => loop.priceOf(symbol));
      curve.push(tick[0]!.candle.openTime + step, marks.value());
      if (onProgress !== undefined && curve.length % 10_000 === 0) onProgress(curve.length);
    },
  });
  return {
    pairs: symbols,
    timeframe,
    startTime: curve.length === 0 ? Number.NaN : curve.timeAt(0) - step,
    endTime: curve.length === 0 ? Number.NaN : curve.timeAt(curve.length - 1),
    quote,
    startingBalances,
    finalBalances: await ctx.exchange.fetchBalance(),
    startingEquity: startingBalances[quote]?.total ?? ZERO,
    lastCloses: lastCloses(loop, symbols),
    deals: await ctx.uow.read((r) => r.deals.getAll()),
    equity: curve.curve(),
    candlesProcessed: loop.stats.candles,
    bots: botsOfRun(ctx),
  };
}

/** The bots of the context's pairs, in the order of the pairs. */
function botsOfRun(ctx: BacktestSetup['ctx']): BotOfRun[] {
  const bots = new Map<string, string[]>();
  for (const { pair } of ctx.pairs.values()) {
    const symbols = bots.get(pair.bot);
    if (symbols === undefined) bots.set(pair.bot, [pair.symbol]);
    else symbols.push(pair.symbol);
  }
  return [...bots].map(([name, symbols]) => {
    const budget = ctx.budgets?.get(name);
    return { name, symbols, budget: budget === undefined ? null : Object.fromEntries(budget.quotes.map((q) => [q, budget.limit(q)!])) };
  });
}

function lastCloses(loop: TradingLoop, symbols: readonly string[]): Record<string, Decimal> {
  const closes: Record<string, Decimal> = {};
  for (const symbol of symbols) {
    const price = loop.priceOf(symbol).price;
    if (!Number.isNaN(price)) closes[symbol] = dec(price);
  }
  return closes;
}

function sharedQuote(ctx: TradingContext): string {
  const quotes = new Set([...ctx.pairs.values()].map((p) => p.pair.quote));
  if (quotes.size !== 1) throw new RangeError(`a backtest needs pairs with one quote currency, got ${[...quotes].join(', ')}`);
  return [...quotes][0] as string;
}

/** An amount held of one currency: a box, so a change stores a number and allocates nothing. */
interface Holding {
  amount: number;
}

/** A pair whose base currency is held: valued at the pair's live last price. */
interface Marked {
  readonly base: Holding;
  readonly mark: { readonly price: number };
}

interface MarkedPair {
  readonly base: Holding;
  readonly quote: Holding;
  /** In the valued list while its base is held (and is not the quote). */
  entry: Marked | null;
}

/**
 * Account value in the quote currency, in floats for the curve: holdings start from the
 * exchange's balances and follow every fill event; a base held is marked at its pair's last
 * price. Per tick this costs one step per pair whose base is held, nothing for the others.
 */
class EquityMarks {
  readonly #holdings = new Map<string, Holding>();
  readonly #pairs = new Map<string, MarkedPair>();
  readonly #quoteHeld: Holding;
  /** The pairs whose base is held, in the order their holdings began. */
  readonly #held: Marked[] = [];
  #priceOf: ((symbol: string) => { readonly price: number }) | null = null;

  constructor(ctx: TradingContext, private readonly quote: string, balances: Balances) {
    for (const [currency, balance] of Object.entries(balances)) this.#holding(currency).amount = toNumber(balance.total);
    for (const [symbol, { pair }] of ctx.pairs) this.#pairs.set(symbol, { base: this.#holding(pair.base), quote: this.#holding(pair.quote), entry: null });
    this.#quoteHeld = this.#holding(quote);
  }

  /** Where the last prices come from; marks start once they are known. */
  start(priceOf: (symbol: string) => { readonly price: number }): void {
    this.#priceOf = priceOf;
    for (const [symbol, pair] of this.#pairs) this.#mark(symbol, pair);
  }

  apply(events: readonly DomainEvent[]): void {
    for (const event of events) {
      if (event.type !== 'OrderFilled') continue;
      const pair = this.#pairs.get(event.symbol);
      if (!pair) continue;
      const amount = Number(event.amount);
      const value = Number(event.price) * amount;
      const fee = Number(event.fee);
      const sign = event.side === 'buy' ? 1 : -1;
      pair.base.amount += sign * amount;
      // a fee is taken from the currency it was charged in: the quote unless the fill names another
      if (event.feeCurrency === undefined) pair.quote.amount += -sign * value - fee;
      else {
        pair.quote.amount += -sign * value;
        this.#holding(event.feeCurrency).amount -= fee;
      }
      this.#mark(event.symbol, pair);
    }
  }

  value(): number {
    let total = this.#quoteHeld.amount;
    const held = this.#held;
    for (let i = 0; i < held.length; i += 1) {
      const { base, mark } = held[i]!;
      const price = mark.price;
      if (price === price) total += base.amount * price;
    }
    return total;
  }

  /** Brings the pair's place in the valued list in line with its base holding. */
  #mark(symbol: string, pair: MarkedPair): void {
    const priceOf = this.#priceOf;
    if (priceOf === null || pair.base === this.#quoteHeld) return;
    const held = pair.base.amount !== 0;
    if (held && pair.entry === null) {
      pair.entry = { base: pair.base, mark: priceOf(symbol) };
      this.#held.push(pair.entry);
    } else if (!held && pair.entry !== null) {
      this.#held.splice(this.#held.indexOf(pair.entry), 1);
      pair.entry = null;
    }
  }

  #holding(currency: string): Holding {
    let holding = this.#holdings.get(currency);
    if (holding === undefined) this.#holdings.set(currency, (holding = { amount: 0 }));
    return holding;
  }
}

function toNumber(value: Decimal | undefined): number {
  return value === undefined ? 0 : value.toNumber();
}
