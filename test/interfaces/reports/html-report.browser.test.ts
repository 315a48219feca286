import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { computeBacktestMetrics } from '../../../src/application/backtest/backtest-metrics.js';
import { writeHtmlReport } from '../../../src/interfaces/reports/report-files.js';
import { at, scenario } from '../../application/backtest/backtest-fixtures.js';

/** A headless Chromium, when the machine has one (`apt-get install chromium`). */
const CHROMIUM = ['chromium', 'chromium-browser', 'google-chrome'].find((name) => spawnSync('which', [name]).status === 0);
const IN_CI = process.env.CI === 'true';
if (!CHROMIUM && !IN_CI) console.log('html-report.browser.test: skipped, no chromium on this machine (apt-get install chromium)');

const ROOT = mkdtempSync(join(tmpdir(), 'dealbot-report-browser-'));
afterAll(() => rmSync(ROOT, { recursive: true, force: true }));

describe('HTML report in a browser', () => {
  it.skipIf(!CHROMIUM && !IN_CI)('draws every chart offline, each pair with an RSI and a MACD pane under its candles (the page marks itself rendered)', async () => {
    if (!CHROMIUM) throw new Error('CI needs chromium for the browser test; .ci/run installs it');
    const result = scenario();
    const candles = Array.from({ length: 72 }, (_, h) => ({ openTime: at(h), open: 100 + h, high: 102 + h, low: 99 + h, close: 101 + h, volume: 1 }));
    const path = join(ROOT, 'report.html');
    await writeHtmlReport(path, { result, metrics: computeBacktestMetrics(result), candles: { 'BTC/USDT': candles, 'ETH/USDT': candles }, indicators: { charted: { rsi: [14], macd: [[12, 26, 9]] } } });
    const dom = execFileSync(
      CHROMIUM as string,
      ['--headless', '--no-sandbox', '--disable-gpu', '--host-resolver-rules=MAP * ~NOTFOUND', '--virtual-time-budget=3000', '--dump-dom', `file://${path}`],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 60_000 },
    );
    expect(dom).toContain('<body data-rendered="true">');
    expect(dom.match(/<canvas/g)?.length).toBeGreaterThanOrEqual(3);
    // the chart library's own count: candles, RSI, MACD
    expect(dom.match(/<div class="chart" data-panes="3"/g)).toHaveLength(2);
  });
});
