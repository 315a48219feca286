import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { macd, rsi } from '../../../src/indicators/index.js';
import type { ChartData } from '../../../src/interfaces/reports/chart-data.js';
import { dealbotOutput, EXAMPLE_BACKTEST_CONFIG } from '../../support/cli.js';
import { marketDataPath } from '../../support/market-data.js';

/** The default windowSize: the candles the strategy warms up on before --from. */
const WINDOW = 500;

const nulled = (values: Float64Array): (number | null)[] => Array.from(values, (v) => (Number.isNaN(v) ? null : v));

describe('the HTML report of `dealbot backtest --from`: indicator panes with the values the strategy read', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dealbot-html-ind-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  dealbotOutput(['data', 'import', marketDataPath('ETH_BTC-5m.json'), '--data-dir', dir]);
  const html = join(dir, 'report.html');
  const from = Date.UTC(2018, 0, 20);
  dealbotOutput(['backtest', '-c', EXAMPLE_BACKTEST_CONFIG, '--pairs', 'ETH/BTC', '--data-dir', dir, '--from', '2018-01-20', '--html', html]);
  const data = JSON.parse(/<script type="application\/json" id="report-data">(.*?)<\/script>/s.exec(readFileSync(html, 'utf8'))![1]!) as ChartData;

  it('RSI(14) and MACD(12,26,9) over the replayed candles after the warm-up window, one value per bar from the first', () => {
    const rows = JSON.parse(readFileSync(marketDataPath('ETH_BTC-5m.json'), 'utf8')) as number[][];
    const first = rows.findIndex((r) => r[0]! >= from);
    const closes = rows.slice(first - WINDOW).map((r) => r[4]!);
    const [pair] = data.pairs;
    expect(pair!.bars).toHaveLength(rows.length - first);
    expect(pair!.indicators.rsi).toEqual([{ period: 14, values: nulled(rsi(closes, 14).subarray(WINDOW)) }]);
    const m = macd(closes, 12, 26, 9);
    expect(pair!.indicators.macd).toEqual([{ periods: [12, 26, 9], line: nulled(m.macd.subarray(WINDOW)), signal: nulled(m.signal.subarray(WINDOW)), histogram: nulled(m.histogram.subarray(WINDOW)) }]);
    expect(pair!.indicators.macd[0]!.histogram[0]).not.toBeNull();
  });
});
