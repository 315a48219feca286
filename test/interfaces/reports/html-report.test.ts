import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { computeBacktestMetrics } from '../../../src/application/backtest/backtest-metrics.js';
import type { Candle } from '../../../src/domain/shared/candle.js';
import { macd, rsi } from '../../../src/indicators/index.js';
import { buildChartData, type ChartData } from '../../../src/interfaces/reports/chart-data.js';
import { dec } from '../../../src/domain/shared/decimal.js';
import { metricsToJson } from '../../../src/interfaces/reports/metrics-view.js';
import { renderHtmlReport } from '../../../src/interfaces/reports/html-report.js';
import { writeBacktestCsv, writeHtmlReport } from '../../../src/interfaces/reports/report-files.js';
import { at, HOUR, scenario } from '../../application/backtest/backtest-fixtures.js';

const ROOT = mkdtempSync(join(tmpdir(), 'dealbot-report-'));
afterAll(() => rmSync(ROOT, { recursive: true, force: true }));

/** Hourly candles over the scenario's three days. */
function hourly(base: number, hours = 72): Candle[] {
  return Array.from({ length: hours }, (_, h) => ({ openTime: at(h), open: base, high: base * 1.1, low: base * 0.9, close: base * 1.01, volume: 1 }));
}
const CANDLES = { 'BTC/USDT': hourly(100), 'ETH/USDT': hourly(0.00004) };

function dataOf(html: string): ChartData {
  const match = /<script type="application\/json" id="report-data">(.*?)<\/script>/s.exec(html);
  return JSON.parse(match![1]!) as ChartData;
}

describe('HTML report', () => {
  const result = scenario();
  const metrics = computeBacktestMetrics(result);

  it('is one self-contained page: the data as JSON, the chart library inlined, no external script or style', async () => {
    const path = join(ROOT, 'out', 'report.html');
    await writeHtmlReport(path, { result, metrics, candles: CANDLES });
    const html = readFileSync(path, 'utf8');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('TradingView Lightweight Charts™ v5.2.1');
    expect(html).toContain('window.LightweightCharts=');
    expect(html).not.toMatch(/<script[^>]+src=/i);
    expect(html).not.toMatch(/<link[^>]+href=/i);
    expect(html).not.toMatch(/url\(\s*['"]?https?:/i);
    const data = dataOf(html);
    expect(data.pairs.map((p) => [p.symbol, p.bars.length, p.markers.length])).toEqual([['BTC/USDT', 72, 4], ['ETH/USDT', 72, 3]]);
    expect(data.equity).toHaveLength(result.equity.length + 1);
    expect(html).toContain('<title>dealbot backtest: BTC/USDT, ETH/USDT 1h</title>');
    expect(html).toContain('<th>+ realised PnL (3 closed deals)</th><td>+15.344 USDT (+1.53%)</td>');
    expect(html).toContain('<th>max drawdown</th><td>51.00000000 USDT (5.00%), 2024-01-01 12:00 to 2024-01-02 06:00</td>');
    expect(html).toContain('<tr><td>ETH/USDT</td><td class="num">3</td><td class="num">1</td><td class="num">1</td><td class="num">0</td><td class="num">1</td><td class="num">1</td><td class="num">0.959</td><td class="num">0.10</td><td class="num">14.656</td><td class="num">0.051</td></tr>');
  });

  it('carries the strategy\'s RSI and MACD per pair, one value per bar, for the panes under the candles', async () => {
    const path = join(ROOT, 'indicators', 'report.html');
    await writeHtmlReport(path, { result, metrics, candles: CANDLES, indicators: { charted: { rsi: [14], macd: [[12, 26, 9]] } } });
    const [btc] = dataOf(readFileSync(path, 'utf8')).pairs;
    const closes = CANDLES['BTC/USDT'].map((c) => c.close);
    expect(btc!.indicators.rsi).toEqual([{ period: 14, values: Array.from(rsi(closes, 14), (v) => (Number.isNaN(v) ? null : v)) }]);
    expect(btc!.indicators.macd[0]!.periods).toEqual([12, 26, 9]);
    expect(btc!.indicators.macd[0]!.histogram).toEqual(Array.from(macd(closes, 12, 26, 9).histogram, (v) => (Number.isNaN(v) ? null : v)));
    expect(btc!.indicators.macd[0]!.line).toHaveLength(72);
  });

  it('has a table of the bots, with their budgets and deals, when the run had several; none with one', () => {
    const chart = buildChartData(result, CANDLES);
    const page = (m: typeof metrics) => renderHtmlReport({ title: 't', metrics: m, chart, chartLibrary: '' });
    expect(page(metrics)).not.toContain('<h2>Bots');
    const bots = computeBacktestMetrics({ ...result, bots: [{ name: 'default', symbols: ['BTC/USDT'], budget: null }, { name: 'alts', symbols: ['ETH/USDT'], budget: { USDT: dec('250') } }] });
    expect(bots.perBot.map((b) => [b.bot, b.deals])).toEqual([
      ['default', result.deals.length],
      ['alts', 0],
    ]);
    const html = page(bots);
    expect(html).toContain('<h2>Bots (USDT)</h2>');
    expect(html).toContain('<td>account balance</td>');
    expect(html).toContain('<td>250 USDT</td>');
    expect(metricsToJson(bots)['bots']).toEqual([
      expect.objectContaining({ bot: 'default', budget: null, deals: result.deals.length }),
      expect.objectContaining({ bot: 'alts', budget: { USDT: '250' }, deals: 0, pnl: '0' }),
    ]);
    expect(metricsToJson(metrics)['bots']).toBeUndefined();
  });

  it('escapes text and keeps the data block from closing its script', () => {
    const chart = buildChartData(result, CANDLES);
    const html = renderHtmlReport({ title: '<b>x</b>', metrics: { ...metrics, quote: 'U</script>' }, chart: { ...chart, quote: '</script><script>alert(1)</script>' }, chartLibrary: 'var a = "</script>";' });
    expect(html).toContain('<title>&#60;b&#62;x&#60;/b&#62;</title>');
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('var a = "<\\/script>";');
    expect(dataOf(html).quote).toBe('</script><script>alert(1)</script>');
  });
});

describe('chart data', () => {
  const result = scenario();

  it('puts a marker on the bar of each fill: buys below, sells above', () => {
    const btc = buildChartData(result, CANDLES).pairs[0]!;
    expect(btc.markers).toEqual([
      { time: at(2) / 1000, side: 'buy', price: '100', amount: '2', dealId: 'd1' },
      { time: at(5) / 1000, side: 'sell', price: '110', amount: '2', dealId: 'd1' },
      { time: at(25) / 1000, side: 'buy', price: '100', amount: '1', dealId: 'd2' },
      { time: at(30) / 1000, side: 'sell', price: '95', amount: '1', dealId: 'd2' },
    ]);
    expect(btc.bars[0]).toEqual([at(0) / 1000, 100, 110.00000000000001, 90, 101]);
    expect(btc.barSeconds).toBe(3600);
  });

  it('merges candles into longer bars when there are too many, with markers on the merged bars', () => {
    const chart = buildChartData(result, CANDLES, 10);
    const btc = chart.pairs[0]!;
    expect(btc.barSeconds).toBe(8 * 3600);
    expect(btc.bars).toHaveLength(9);
    expect(btc.bars[0]).toEqual([at(0) / 1000, 100, 110.00000000000001, 90, 101]);
    expect(btc.markers.map((m) => (m.time * 1000 - at(0)) / HOUR)).toEqual([0, 0, 24, 24]);
    expect(chart.equity.length).toBeLessThanOrEqual(10);
    expect(chart.equity.at(-1)).toEqual([at(72) / 1000, 1030]);
    expect(chart.equityPrecision).toBe(2);
  });

  it('chooses enough decimals for small prices', () => {
    const [btc, eth] = buildChartData(result, CANDLES).pairs;
    expect(btc!.precision).toBe(3);
    expect(eth!.precision).toBe(9);
  });
});

describe('--export files', () => {
  it('writes deals.csv and equity.csv into the directory', async () => {
    const paths = await writeBacktestCsv(join(ROOT, 'export'), scenario());
    expect(readFileSync(paths.deals, 'utf8').split('\n')).toHaveLength(7);
    expect(readFileSync(paths.equity, 'utf8').split('\n')).toHaveLength(10);
  });
});
