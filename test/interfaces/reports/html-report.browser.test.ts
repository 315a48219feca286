import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { computeBacktestMetrics } from '../../../src/application/backtest/backtest-metrics.js';
import { runBacktest } from '../../../src/application/backtest/backtest-runner.js';
import type { Candle } from '../../../src/domain/shared/candle.js';
import { configSchema } from '../../../src/infrastructure/config/config.schema.js';
import { columnsFromCandles } from '../../../src/infrastructure/market-data/candle-store/candle-columns.js';
import { composeBacktest } from '../../../src/main/backtest.js';
import { writeHtmlReport } from '../../../src/interfaces/reports/report-files.js';
import { at, scenario } from '../../application/backtest/backtest-fixtures.js';

/** A headless Chromium, when the machine has one (`apt-get install chromium`). */
const CHROMIUM = ['chromium', 'chromium-browser', 'google-chrome'].find((name) => spawnSync('which', [name]).status === 0);
const IN_CI = process.env.CI === 'true';
if (!CHROMIUM && !IN_CI) console.log('html-report.browser.test: skipped, no chromium on this machine (apt-get install chromium)');

/** Headless Chromium's DOM of the page once its script ran (no network). */
function renderedDom(path: string): string {
  return execFileSync(
    CHROMIUM as string,
    ['--headless', '--no-sandbox', '--disable-gpu', '--host-resolver-rules=MAP * ~NOTFOUND', '--virtual-time-budget=3000', '--dump-dom', `file://${path}`],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 60_000 },
  );
}

const ROOT = mkdtempSync(join(tmpdir(), 'dealbot-report-browser-'));
afterAll(() => rmSync(ROOT, { recursive: true, force: true }));

describe('HTML report in a browser', () => {
  it.skipIf(!CHROMIUM && !IN_CI)('draws every chart offline, each pair with an RSI and a MACD pane under its candles (the page marks itself rendered)', async () => {
    if (!CHROMIUM) throw new Error('CI needs chromium for the browser test; .ci/run installs it');
    const result = scenario();
    const candles = Array.from({ length: 72 }, (_, h) => ({ openTime: at(h), open: 100 + h, high: 102 + h, low: 99 + h, close: 101 + h, volume: 1 }));
    const path = join(ROOT, 'report.html');
    await writeHtmlReport(path, { result, metrics: computeBacktestMetrics(result), candles: { 'BTC/USDT': candles, 'ETH/USDT': candles }, indicators: { charted: { rsi: [14], macd: [[12, 26, 9]] } } });
    const dom = renderedDom(path);
    expect(dom).toContain('<body data-rendered="true">');
    expect(dom.match(/<canvas/g)?.length).toBeGreaterThanOrEqual(3);
    // the chart library's own count: candles, RSI, MACD
    expect(dom.match(/<div class="chart" data-panes="3" data-dca-lines="0"/g)).toHaveLength(2);
  });

  it.skipIf(!CHROMIUM && !IN_CI)("draws a DCA deal's safety buys, average price and take profit lines", async () => {
    if (!CHROMIUM) throw new Error('CI needs chromium for the browser test; .ci/run installs it');
    // quiet at 101, a signal at 100, a fall through two safety levels (99, 97.5), a rise through the take profit
    const rows: [number, number, number, number][] = [...Array.from({ length: 60 }, (): [number, number, number, number] => [101, 101.2, 100.8, 101]), [101, 101, 100, 100], [100, 100.2, 99.5, 99.8], [99.8, 99.9, 98.9, 99.2], [99.2, 99.3, 97.4, 97.6], [97.6, 101, 97.5, 101], [101, 101.2, 100.8, 101]];
    const candles: Candle[] = rows.map(([open, high, low, close], i) => ({ openTime: at(0) + i * 60_000, open, high, low, close, volume: 1 }));
    const config = configSchema.parse({
      timeframe: '1m',
      windowSize: 50,
      strategy: { rule: 'close < 100.5' },
      market: { source: 'stored' },
      paper: { balances: { USDT: '1000' } },
      dca: { baseOrder: '10', safetyOrder: '20', maxSafetyOrders: 3, deviation: '0.01', stepScale: '1.5', volumeScale: '2', takeProfit: '0.015' },
      pairs: [{ symbol: 'BTC/USDT', dealQuota: '150', profitMarkup: '0.01', dealCount: 1, orderLifeTime: 3600, paperMarket: { priceStep: '0.01', amountStep: '0.00001', minCost: '1' } }],
    });
    const result = await runBacktest(composeBacktest(config, { 'BTC/USDT': columnsFromCandles(candles) }));
    expect(result.deals.map((d) => [d.status, d.safetyOrders.filter((o) => o.status === 'closed').length])).toEqual([['closed', 2]]);
    const path = join(ROOT, 'dca.html');
    await writeHtmlReport(path, { result, metrics: computeBacktestMetrics(result), candles: { 'BTC/USDT': candles } });
    const dom = renderedDom(path);
    expect(dom).toContain('<body data-rendered="true">');
    expect(dom).toContain('data-dca-lines="2"');
    expect(dom).toContain('1 buy and 1 sell fills, 2 safety buys');
  });
});
