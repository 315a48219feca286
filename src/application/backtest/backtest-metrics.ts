import type { Deal } from '../../domain/deal/deal.entity.js';
import type { Balances } from '../../domain/ports/exchange.port.js';
import { ZERO, type Decimal } from '../../domain/shared/decimal.js';
import { tallyDeals, type DealTally } from '../report/deal-tally.js';
import type { BacktestResult } from './backtest-result.js';
import { reconcileEquity, type EquityReconciliation } from './equity-reconciliation.js';
import { coveredTime, curveStatistics, sharpeRatio, sortinoRatio, type Drawdown } from './equity-statistics.js';

export type { Drawdown } from './equity-statistics.js';

/** Deal counts and money of one pair, or of all pairs together. Money in the quote currency. */
export interface DealFigures extends DealTally {
  /** pnl / starting equity x 100. */
  readonly pnlPercent: number;
}

export interface PairMetrics extends DealFigures {
  readonly symbol: string;
}

/** One bot's deals and money, with its budget (null: the account's balance only). */
export interface BotMetrics extends DealFigures {
  readonly bot: string;
  readonly budget: Readonly<Record<string, Decimal>> | null;
}

/** The report of a backtest. Ratios (winRate, exposure) are fractions 0..1; `...Percent` fields are percents. */
export interface BacktestMetrics extends DealFigures {
  readonly quote: string;
  readonly startTime: number;
  readonly endTime: number;
  readonly perPair: readonly PairMetrics[];
  /** Per bot, when the run had more than one; empty otherwise. */
  readonly perBot: readonly BotMetrics[];
  /** wins / trades; null without trades. */
  readonly winRate: number | null;
  readonly grossProfit: Decimal;
  /** Sum of the losing deals' PnL, as a positive amount. */
  readonly grossLoss: Decimal;
  /** grossProfit / grossLoss; null without a losing deal. */
  readonly profitFactor: number | null;
  /** Why profitFactor is null: no deal closed below zero, or none closed; null when it has a value. */
  readonly profitFactorNote: 'no losing deal' | 'no closed deal' | null;
  readonly maxDrawdown: Drawdown;
  /** Daily, annualised with sqrt(365), risk-free rate 0; see equity-statistics.ts. Null on fewer than 2 days or no variation. */
  readonly sharpe: number | null;
  readonly sortino: number | null;
  /** Mean of closedAt - createdAt over closed deals, ms; null without trades. */
  readonly averageDealDurationMs: number | null;
  /** Fraction of [startTime, endTime] in which at least one deal held a position (from its buy's first fill to its close, or the end). */
  readonly exposure: number;
  readonly startingEquity: Decimal;
  /** The last point of the equity curve (the starting equity without one). */
  readonly finalEquity: number;
  /** (finalEquity - startingEquity) / startingEquity x 100: realised and unrealised. */
  readonly equityReturnPercent: number;
  readonly finalBalances: Balances;
  /** Starting equity + realised + unrealised PnL (+ dust, other-asset fees) = final equity, exactly. */
  readonly reconciliation: EquityReconciliation;
}

const toNumber = (d: Decimal): number => d.toNumber();

function percentOf(value: Decimal, base: Decimal): number {
  return base.eq(0) ? 0 : toNumber(value.div(base).times(100));
}

function dealFigures(deals: readonly Deal[], startingEquity: Decimal): DealFigures {
  const tally = tallyDeals(deals);
  return { ...tally, pnlPercent: percentOf(tally.pnl, startingEquity) };
}

/** When each deal held a position: from its buy's first fill to its close, or to `end` while it still holds one. */
function positionIntervals(deals: readonly Deal[], end: number): [number, number][] {
  const intervals: [number, number][] = [];
  for (const deal of deals) {
    const firstFill = deal.buyOrder.fills[0];
    if (firstFill === undefined) continue;
    intervals.push([firstFill.timestamp, deal.status === 'closed' ? (deal.closedAt ?? end) : end]);
  }
  return intervals;
}

/** Every figure of the backtest report, from the result alone. Pure. */
export function computeBacktestMetrics(result: BacktestResult): BacktestMetrics {
  const { deals, startingEquity, startTime, endTime } = result;
  const closed = deals.filter((d) => d.status === 'closed');
  const grossProfit = closed.reduce((sum, d) => ((d.pnl ?? ZERO).gt(0) ? sum.plus(d.pnl ?? ZERO) : sum), ZERO);
  const grossLoss = closed.reduce((sum, d) => ((d.pnl ?? ZERO).lt(0) ? sum.minus(d.pnl ?? ZERO) : sum), ZERO);
  const start = toNumber(startingEquity);
  const curve = result.equity;
  const finalEquity = curve.length > 0 ? curve.equities[curve.length - 1]! : start;
  const { maxDrawdown, dailyReturns: returns } = curveStatistics(startTime, start, curve);
  const total = dealFigures(deals, startingEquity);
  // each pair's deals in one pass, oldest first as in `deals`: not one scan of every deal per pair
  const bySymbol = new Map<string, Deal[]>();
  for (const deal of deals) {
    const list = bySymbol.get(deal.symbol);
    if (list === undefined) bySymbol.set(deal.symbol, [deal]);
    else list.push(deal);
  }
  const span = endTime - startTime;
  return {
    ...total,
    quote: result.quote,
    startTime,
    endTime,
    perPair: result.pairs.map((symbol) => ({ symbol, ...dealFigures(bySymbol.get(symbol) ?? [], startingEquity) })),
    perBot: (result.bots ?? []).length < 2 ? [] : (result.bots ?? []).map((bot) => ({ bot: bot.name, budget: bot.budget, ...dealFigures(deals.filter((d) => d.bot === bot.name), startingEquity) })),
    winRate: total.trades > 0 ? total.wins / total.trades : null,
    grossProfit,
    grossLoss,
    profitFactor: grossLoss.gt(0) ? toNumber(grossProfit.div(grossLoss)) : null,
    profitFactorNote: grossLoss.gt(0) ? null : closed.length > 0 ? 'no losing deal' : 'no closed deal',
    maxDrawdown,
    sharpe: sharpeRatio(returns),
    sortino: sortinoRatio(returns),
    averageDealDurationMs: closed.length > 0 ? closed.reduce((sum, d) => sum + ((d.closedAt ?? d.createdAt) - d.createdAt), 0) / closed.length : null,
    exposure: span > 0 ? coveredTime(positionIntervals(deals, endTime), startTime, endTime) / span : 0,
    startingEquity,
    finalEquity,
    equityReturnPercent: start === 0 ? 0 : ((finalEquity - start) / start) * 100,
    finalBalances: result.finalBalances,
    reconciliation: reconcileEquity(result),
  };
}
