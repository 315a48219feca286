import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dec, ZERO, type Decimal } from '../../../src/domain/shared/decimal.js';
import { dealbotOutput } from '../../support/cli.js';

interface FillJson {
  price: string;
  amount: string;
  fee: string;
}
interface DealJson {
  status: string;
  reason: string;
  pnl: string;
  dust?: string;
  orders: { clientOrderId: string; side: string; type: string; price: string | null; amount: string; status: string; fills: FillJson[] }[];
}

const STEP = 5 * 60_000;
const START = Date.UTC(2024, 0, 1);

/**
 * 60 quiet candles at 101 (the rule `close < 100.5` stays false), one closing at 100 (the
 * signal: the base buy of 10 USDT rests at 100), then a fall through the three safety levels
 * (99, 97.5, 95.25) one candle each, then a rise through the average's take profit, closing
 * above 100.5 again so that no second deal opens.
 */
function candles(): number[][] {
  const rows: [number, number, number, number][] = [];
  for (let i = 0; i < 60; i += 1) rows.push([101, 101.2, 100.8, 101]);
  rows.push([101, 101, 100, 100]); // signal: BULLISH at 100
  rows.push([100, 100.2, 99.5, 99.8]); // the base buy fills at 100
  rows.push([99.8, 99.9, 98.9, 99.2]); // safety 1 at 99
  rows.push([99.2, 99.3, 97.4, 97.6]); // safety 2 at 97.5
  rows.push([97.6, 97.7, 95.2, 95.5]); // safety 3 at 95.25
  rows.push([95.5, 101, 95.4, 101]); // the take profit from the average fills
  for (let i = 0; i < 5; i += 1) rows.push([101, 101.2, 100.8, 101]);
  return rows.map(([o, h, l, c], i) => [START + i * STEP, o, h, l, c, 10]);
}

const CONFIG = `timeframe: 5m
windowSize: 50
database: "sqlite::memory:"
strategy: { rule: "close < 100.5" }
paper:
  balances: { USDT: "1000" }
  makerFee: "0.001"
  takerFee: "0.001"
market:
  source: stored
dca: { baseOrder: "10", safetyOrder: "20", maxSafetyOrders: 3, maxActiveSafetyOrders: 1, deviation: "0.01", stepScale: "1.5", volumeScale: "2", takeProfit: "0.015" }
pairs:
  - symbol: BTC/USDT
    dealQuota: "150"
    profitMarkup: "0.01"
    dealCount: 1
    orderLifeTime: 3600
    paperMarket: { priceStep: "0.01", amountStep: "0.00001", minAmount: "0.00001", minCost: "1" }
`;

const sum = (values: readonly Decimal[]): Decimal => values.reduce((s, v) => s.plus(v), ZERO);
const value = (fills: readonly FillJson[]): Decimal => sum(fills.map((f) => dec(f.price).times(f.amount)));

describe('a DCA backtest through the CLI, over a made-up candle series', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dealbot-dca-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'BTC_USDT-5m.json'), JSON.stringify(candles()));
  writeFileSync(join(dir, 'dca.yaml'), CONFIG);
  dealbotOutput(['data', 'import', join(dir, 'BTC_USDT-5m.json'), '--data-dir', join(dir, 'data')]);
  const report = JSON.parse(dealbotOutput(['backtest', '-c', join(dir, 'dca.yaml'), '--data-dir', join(dir, 'data'), '--json', '--export', join(dir, 'out'), '--html', join(dir, 'report.html')])) as { deals: DealJson[] };

  it('fills three safety buys, replaces the take profit after each, and closes at the average take profit', () => {
    expect(report.deals).toHaveLength(1);
    const [deal] = report.deals as [DealJson];
    expect(deal.orders.map((o) => [o.clientOrderId.replace(/^.*-/, ''), o.side, o.price, o.status])).toEqual([
      ['b1', 'buy', '100', 'closed'],
      ['s1', 'sell', '101.5', 'canceled'],
      ['d1', 'buy', '99', 'closed'],
      ['s2', 'sell', '100.83', 'canceled'],
      ['d2', 'buy', '97.5', 'closed'],
      ['s3', 'sell', '99.76', 'canceled'],
      ['d3', 'buy', '95.25', 'closed'],
      ['s4', 'sell', '98.09', 'closed'],
    ]);
    expect([deal.status, deal.reason]).toEqual(['closed', 'take_profit']);
  });

  it('its PnL is all sells - all buys - fees, exactly', () => {
    const [deal] = report.deals as [DealJson];
    const fills = (side: string) => deal.orders.filter((o) => o.side === side).flatMap((o) => o.fills);
    const fees = sum(deal.orders.flatMap((o) => o.fills).map((f) => dec(f.fee)));
    expect(value(fills('buy')).toString()).toBe('149.9988775');
    expect(dec(deal.pnl).eq(value(fills('sell')).minus(value(fills('buy'))).minus(fees))).toBe(true);
  });

  it('deals.csv lists every buy', () => {
    const csv = readFileSync(join(dir, 'out', 'deals.csv'), 'utf8');
    expect(csv.split('\n')[1]).toContain('dlb-');
    expect(csv).toMatch(/-d1 99 0\.20202 0\.20202;[^,]*-d2 97\.5 0\.41025 0\.41025;[^,]*-d3 95\.25 0\.83989 0\.83989/);
  });

  it("the HTML report marks the safety buys (D) and draws the deal's average price and take profit as step lines", () => {
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    const data = JSON.parse(/<script type="application\/json" id="report-data">(.*?)<\/script>/s.exec(html)![1]!) as { pairs: { markers: { side: string; price: string; safety?: true }[]; dca: { average: [number, number | null][]; takeProfit: [number, number | null][] }[] }[] };
    const [pair] = data.pairs;
    expect(pair!.markers.map((m) => [m.side, m.price, m.safety ?? false])).toEqual([
      ['buy', '100', false],
      ['buy', '99', true],
      ['buy', '97.5', true],
      ['buy', '95.25', true],
      ['sell', '98.09', false],
    ]);
    expect(pair!.dca).toHaveLength(1);
    const [lane] = pair!.dca;
    const minute = (i: number) => (START + i * STEP) / 1000;
    // the average after each buy fill: sum(price x amount) / sum(amount) of the fills so far
    const [deal] = report.deals as [DealJson];
    const buys = deal.orders.filter((o) => o.side === 'buy').flatMap((o) => o.fills);
    const averages = buys.map((_, i) => value(buys.slice(0, i + 1)).div(sum(buys.slice(0, i + 1).map((f) => dec(f.amount)))).toNumber());
    expect(averages[0]).toBe(100);
    expect(lane!.average).toEqual([...averages.map((a, i) => [minute(61 + i), a]), [minute(66), averages[3]]]); // held to the close, at the end of minute 65
    // each take profit from when it was placed: at the close of the candle whose fill moved the average
    expect(lane!.takeProfit).toEqual([
      [minute(62), 101.5],
      [minute(63), 100.83],
      [minute(64), 99.76],
      [minute(65), 98.09],
      [minute(66), 98.09],
    ]);
  });
});
