import type { TradingSummary } from '../../application/report/trading-summary.js';
import { renderTable } from './text-table.js';

export function renderSummary(summary: TradingSummary, quote: string): string {
  const rows = summary.pairs.map((p) => [p.symbol, String(p.opened), String(p.closed), String(p.cancelled), String(p.working), String(p.wins), String(p.losses), p.pnl.toFixed(8), p.fees.toFixed(8)]);
  const t = summary.total;
  rows.push(['TOTAL', String(t.opened), String(t.closed), String(t.cancelled), String(t.working), String(t.wins), String(t.losses), t.pnl.toFixed(8), t.fees.toFixed(8)]);
  const deals = renderTable(['pair', 'opened', 'closed', 'cancelled', 'working', 'wins', 'losses', `PnL (${quote})`, `fees (${quote})`], rows);
  const balances = renderTable(
    ['currency', 'free', 'used', 'total'],
    Object.entries(summary.balances)
      .filter(([, b]) => !b.total.eq(0))
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([currency, b]) => [currency, b.free.toString(), b.used.toString(), b.total.toString()]),
  );
  const bots = summary.bots.map((b) => [b.bot, Object.entries(b.budget).map(([q, a]) => `${a} ${q}`).join(', '), String(b.opened), String(b.closed), String(b.cancelled), String(b.working), String(b.wins), String(b.losses), b.pnl.toFixed(8), b.fees.toFixed(8)]);
  const perBot = bots.length === 0 ? '' : `\n\n${renderTable(['bot', 'budget', 'opened', 'closed', 'cancelled', 'working', 'wins', 'losses', `PnL (${quote})`, `fees (${quote})`], bots)}`;
  return `${deals}${perBot}\n\nFinal balances\n${balances}`;
}

export function summaryToJson(summary: TradingSummary): unknown {
  const text = (p: { pnl: { toString(): string }; fees: { toString(): string } }) => ({ pnl: p.pnl.toString(), fees: p.fees.toString() });
  return {
    pairs: summary.pairs.map((p) => ({ ...p, ...text(p) })),
    ...(summary.bots.length === 0 ? {} : { bots: summary.bots.map((b) => ({ ...b, ...text(b) })) }),
    total: { ...summary.total, ...text(summary.total) },
    balances: Object.fromEntries(Object.entries(summary.balances).map(([c, b]) => [c, { free: b.free.toString(), used: b.used.toString(), total: b.total.toString() }])),
  };
}
