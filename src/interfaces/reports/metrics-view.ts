import type { BacktestMetrics, BotMetrics, DealFigures, PairMetrics } from '../../application/backtest/backtest-metrics.js';
import type { Balances } from '../../domain/ports/exchange.port.js';
import { formatUtc } from '../../infrastructure/shared/utc-time.js';
import { equityRows, reconciliationJson } from './reconciliation-view.js';

const isoOrNull = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
const fixed = (value: number | null, digits = 2): string => (value === null ? '-' : value.toFixed(digits));
const percent = (fraction: number | null): string => (fraction === null ? '-' : `${(fraction * 100).toFixed(2)}%`);

export function formatDuration(ms: number | null): string {
  if (ms === null) return '-';
  const minutes = Math.round(ms / 60_000);
  const [d, h, m] = [Math.floor(minutes / 1440), Math.floor((minutes % 1440) / 60), minutes % 60];
  return [d > 0 ? `${d}d` : '', h > 0 ? `${h}h` : '', m > 0 || minutes === 0 ? `${m}m` : ''].filter(Boolean).join(' ');
}

function balancesText(balances: Balances): string {
  return Object.entries(balances)
    .filter(([, b]) => !b.total.eq(0))
    .map(([currency, b]) => `${currency} ${b.total.toString()}`)
    .join(', ');
}

/** The report as label / value lines, for a text table or the HTML page. */
export function metricsRows(m: BacktestMetrics): [string, string][] {
  const q = m.quote;
  const dd = m.maxDrawdown;
  return [
    ['period (UTC)', `${formatUtc(m.startTime)} to ${formatUtc(m.endTime)}`],
    ['deals opened', String(m.deals)],
    ['trades (closed deals)', String(m.trades)],
    ['wins / losses', `${m.wins} / ${m.losses}`],
    ['win rate', percent(m.winRate)],
    ['cancelled deals', String(m.cancelled)],
    ['deals still working', m.working > 0 ? `${m.working} (${m.reconciliation.underWater} under water at the last close)` : '0'],
    ['fees paid', `${m.fees.toString()} ${q}`],
    ['profit factor', m.profitFactor === null ? (m.profitFactorNote ?? '-') : fixed(m.profitFactor)],
    ['max drawdown', dd.peakTime === null ? '0' : `${fixed(dd.amount, 8)} ${q} (${fixed(dd.percent)}%), ${formatUtc(dd.peakTime)} to ${formatUtc(dd.troughTime as number)}`],
    ['Sharpe (daily, annualised)', fixed(m.sharpe)],
    ['Sortino (daily, annualised)', fixed(m.sortino)],
    ['average deal duration', formatDuration(m.averageDealDurationMs)],
    ['exposure', percent(m.exposure)],
    ...equityRows(m.reconciliation),
    ['final balances', balancesText(m.finalBalances)],
  ];
}

export const PAIR_COLUMNS = ['pair', 'deals', 'trades', 'wins', 'losses', 'cancelled', 'working', 'realised PnL', 'PnL %', 'unrealised PnL', 'fees'] as const;

export function pairRows(m: BacktestMetrics): string[][] {
  const unrealised = m.reconciliation.unrealisedByPair;
  return m.perPair.map((p) => [p.symbol, String(p.deals), String(p.trades), String(p.wins), String(p.losses), String(p.cancelled), String(p.working), p.pnl.toString(), fixed(p.pnlPercent), unrealised[p.symbol]?.toString() ?? '0', p.fees.toString()]);
}

export const BOT_COLUMNS = ['bot', 'budget', 'deals', 'trades', 'wins', 'losses', 'cancelled', 'working', 'realised PnL', 'PnL %', 'fees'] as const;

/** One row per bot when the run had several; none otherwise. */
export function botRows(m: BacktestMetrics): string[][] {
  return m.perBot.map((b) => [b.bot, budgetText(b.budget), String(b.deals), String(b.trades), String(b.wins), String(b.losses), String(b.cancelled), String(b.working), b.pnl.toString(), fixed(b.pnlPercent), b.fees.toString()]);
}

function budgetText(budget: BotMetrics['budget']): string {
  return budget === null ? 'account balance' : Object.entries(budget).map(([quote, amount]) => `${amount.toString()} ${quote}`).join(', ');
}

function figuresJson(f: DealFigures): Record<string, unknown> {
  return { deals: f.deals, trades: f.trades, wins: f.wins, losses: f.losses, cancelled: f.cancelled, working: f.working, pnl: f.pnl.toString(), pnlPercent: f.pnlPercent, fees: f.fees.toString() };
}

/** JSON for scripts: exact decimals as strings, times as ISO UTC, ratios as fractions. */
export function metricsToJson(m: BacktestMetrics): Record<string, unknown> {
  const dd = m.maxDrawdown;
  return {
    quote: m.quote,
    start: new Date(m.startTime).toISOString(),
    end: new Date(m.endTime).toISOString(),
    ...figuresJson(m),
    winRate: m.winRate,
    grossProfit: m.grossProfit.toString(),
    grossLoss: m.grossLoss.toString(),
    profitFactor: m.profitFactor,
    profitFactorNote: m.profitFactorNote,
    maxDrawdown: { amount: dd.amount, percent: dd.percent, peak: isoOrNull(dd.peakTime), trough: isoOrNull(dd.troughTime) },
    sharpe: m.sharpe,
    sortino: m.sortino,
    averageDealDurationMs: m.averageDealDurationMs,
    exposure: m.exposure,
    startingEquity: m.startingEquity.toString(),
    finalEquity: m.finalEquity,
    equityReturnPercent: m.equityReturnPercent,
    reconciliation: reconciliationJson(m.reconciliation),
    pairs: m.perPair.map((p: PairMetrics) => ({ symbol: p.symbol, ...figuresJson(p), unrealisedPnl: m.reconciliation.unrealisedByPair[p.symbol]?.toString() ?? '0' })),
    ...(m.perBot.length === 0 ? {} : { bots: m.perBot.map((b) => ({ bot: b.bot, budget: b.budget === null ? null : Object.fromEntries(Object.entries(b.budget).map(([q, a]) => [q, a.toString()])), ...figuresJson(b) })) }),
    finalBalances: Object.fromEntries(Object.entries(m.finalBalances).map(([c, b]) => [c, { free: b.free.toString(), used: b.used.toString(), total: b.total.toString() }])),
  };
}
