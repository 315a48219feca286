import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dec, ZERO, type Decimal } from '../../../src/domain/shared/decimal.js';
import { dealbotOutput, EXAMPLE_BACKTEST_CONFIG } from '../../support/cli.js';
import { marketDataPath } from '../../support/market-data.js';

interface DealJson {
  symbol: string;
  status: string;
  orders: { side: string; fills: { price: string; amount: string; fee: string; feeCurrency?: string }[] }[];
}

/** The last close of a freqtrade candle file: [[time, open, high, low, close, volume], ...]. */
function lastClose(file: string): Decimal {
  const rows = JSON.parse(readFileSync(marketDataPath(file), 'utf8')) as number[][];
  return dec(rows.at(-1)![4]!);
}

/** The first number of a report cell ("+0.014 BTC (+1.40%)" -> 0.014), exact. */
const amountOf = (cell: string): Decimal => dec(/^[+-]?[\d.]+/.exec(cell)![0].replace(/^\+/, ''));

/** The equity lines (starting equity down to "= final equity") of label/value rows. */
function equityLines(rows: [string, string][]): { start: Decimal; moves: Map<string, Decimal>; final: Decimal } {
  const from = rows.findIndex(([label]) => label === 'starting equity');
  const to = rows.findIndex(([label]) => label === '= final equity');
  expect(from).toBeGreaterThanOrEqual(0);
  expect(to).toBeGreaterThan(from);
  const moves = new Map(rows.slice(from + 1, to).map(([label, value]) => [label, amountOf(value)]));
  for (const label of moves.keys()) expect(label.startsWith('+ ')).toBe(true);
  return { start: amountOf(rows[from]![1]), moves, final: amountOf(rows[to]![1]) };
}

const sum = (values: Iterable<Decimal>): Decimal => [...values].reduce((s, v) => s.plus(v), ZERO);

describe('the example backtest reconciles: realised + unrealised PnL = final equity - starting equity, exactly', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dealbot-reconcile-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  dealbotOutput(['data', 'import', marketDataPath('ETH_BTC-5m.json'), '--data-dir', dir]);
  dealbotOutput(['data', 'import', marketDataPath('ADA_BTC-5m.json'), '--data-dir', dir]);
  const html = join(dir, 'report.html');
  const table = dealbotOutput(['backtest', '-c', EXAMPLE_BACKTEST_CONFIG, '--data-dir', dir, '--html', html]);
  const report = JSON.parse(dealbotOutput(['backtest', '-c', EXAMPLE_BACKTEST_CONFIG, '--data-dir', dir, '--json']));
  const metrics = report.metrics;
  const closes: Record<string, Decimal> = { 'ETH/BTC': lastClose('ETH_BTC-5m.json'), 'ADA/BTC': lastClose('ADA_BTC-5m.json') };

  // worked out here from the deals' fills, the final balances and the candle files alone
  const deals = report.deals as DealJson[];
  const fills = (d: DealJson, side: string) => d.orders.filter((o) => o.side === side).flatMap((o) => o.fills);
  const value = (d: DealJson, side: string) => sum(fills(d, side).map((f) => dec(f.price).times(dec(f.amount))));
  const held = (d: DealJson) => sum(fills(d, 'buy').map((f) => dec(f.amount))).minus(sum(fills(d, 'sell').map((f) => dec(f.amount))));
  const fees = (d: DealJson) => sum(d.orders.flatMap((o) => o.fills).map((f) => dec(f.fee)));
  const working = deals.filter((d) => d.status !== 'closed' && d.status !== 'cancelled');
  const unrealised = working.map((d) => value(d, 'sell').plus(held(d).times(closes[d.symbol]!)).minus(value(d, 'buy')).minus(fees(d)));
  const balances = metrics.finalBalances as Record<string, { total: string }>;
  const finalEquity = dec(balances.BTC!.total).plus(dec(balances.ETH!.total).times(closes['ETH/BTC']!)).plus(dec(balances.ADA!.total).times(closes['ADA/BTC']!));

  it('has what the issue saw: no losing deal and working deals under water, which the figures now say', () => {
    expect(deals.every((d) => d.orders.flatMap((o) => o.fills).every((f) => f.feeCurrency === undefined))).toBe(true);
    expect(metrics.losses).toBe(0);
    expect(metrics.profitFactor).toBeNull();
    expect(metrics.profitFactorNote).toBe('no losing deal');
    expect(working.length).toBeGreaterThan(0);
    expect(metrics.reconciliation.underWater).toBe(unrealised.filter((u) => u.lt(0)).length);
    expect(metrics.reconciliation.underWater).toBeGreaterThan(0);
    expect(sum(unrealised).lt(0)).toBe(true);
  });

  it('in --json', () => {
    const r = metrics.reconciliation;
    expect(r.realisedPnl).toBe(metrics.pnl);
    expect(r.unrealisedPnl).toBe(sum(unrealised).toString());
    expect(r.finalEquity).toBe(finalEquity.toString());
    expect(r.lastCloses).toEqual({ 'ETH/BTC': closes['ETH/BTC']!.toString(), 'ADA/BTC': closes['ADA/BTC']!.toString() });
    // quote fees, nothing left unsold: nothing moved the equity but the deals' PnL
    expect([r.dust, r.feesInOtherAssets, r.heldAtStart, r.unexplained]).toEqual(['0', '0', '0', '0']);
    expect(dec(r.realisedPnl).plus(dec(r.unrealisedPnl)).toString()).toBe(dec(r.finalEquity).minus(dec(r.startingEquity)).toString());
    // the float equity curve ends at the same value
    expect(metrics.finalEquity).toBeCloseTo(finalEquity.toNumber(), 10);
    expect(sum(metrics.pairs.map((p: { unrealisedPnl: string }) => dec(p.unrealisedPnl))).toString()).toBe(r.unrealisedPnl);
  });

  it('in the text table', () => {
    const rows = table.split('\n').map((line): [string, string] => {
      const cells = line.split(/ {2,}/);
      return [cells[0]!.trim(), cells.slice(1).join('  ').trim()];
    });
    const { start, moves, final } = equityLines(rows);
    expect([...moves.keys()]).toEqual([`+ realised PnL (${metrics.trades} closed deals)`, `+ unrealised PnL (${working.length} working deals at the last close)`]);
    expect(start.plus(sum(moves.values())).toString()).toBe(final.toString());
    expect(final.toString()).toBe(finalEquity.toString());
    expect(moves.get(`+ realised PnL (${metrics.trades} closed deals)`)!.toString()).toBe(metrics.pnl);
    expect(Object.fromEntries(rows)['profit factor']).toBe('no losing deal');
  });

  it('in the HTML report', () => {
    const page = readFileSync(html, 'utf8');
    const rows = [...page.matchAll(/<tr><th>([^<]*)<\/th><td>([^<]*)<\/td><\/tr>/g)].map((m): [string, string] => [m[1]!, m[2]!]);
    const { start, moves, final } = equityLines(rows);
    expect(moves.size).toBe(2);
    expect(start.plus(sum(moves.values())).toString()).toBe(final.toString());
    expect(final.toString()).toBe(finalEquity.toString());
    expect(sum(moves.values()).toString()).toBe(dec(metrics.pnl).plus(sum(unrealised)).toString());
  });
});
