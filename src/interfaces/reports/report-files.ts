import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { dirname, join } from 'node:path';
import type { BacktestMetrics } from '../../application/backtest/backtest-metrics.js';
import type { BacktestResult } from '../../application/backtest/backtest-result.js';
import type { Candle } from '../../domain/shared/candle.js';
import { dealsCsv, equityCsvChunks } from './backtest-csv.js';
import { chartLibrarySource } from './chart-library.js';
import { buildChartData, MAX_CHART_POINTS, type ChartIndicatorsInput } from './chart-data.js';
import { renderHtmlReport } from './html-report.js';

/** `--export DIR`: writes DIR/deals.csv and DIR/equity.csv; returns their paths. */
export async function writeBacktestCsv(dir: string, result: BacktestResult): Promise<{ deals: string; equity: string }> {
  await mkdir(dir, { recursive: true });
  const paths = { deals: join(dir, 'deals.csv'), equity: join(dir, 'equity.csv') };
  await writeFile(paths.deals, dealsCsv(result.deals));
  await pipeline(Readable.from(equityCsvChunks(result)), createWriteStream(paths.equity));
  return paths;
}

export interface HtmlReportFile {
  readonly result: BacktestResult;
  readonly metrics: BacktestMetrics;
  /** The candles replayed, per pair. */
  readonly candles: Readonly<Record<string, readonly Candle[]>>;
  readonly title?: string;
  /** The strategy's indicators to draw under the candles; none when absent. */
  readonly indicators?: ChartIndicatorsInput;
}

/** `--html FILE`: writes the self-contained report page. */
export async function writeHtmlReport(path: string, report: HtmlReportFile): Promise<void> {
  const { result } = report;
  const title = report.title ?? `dealbot backtest: ${result.pairs.join(', ')} ${result.timeframe}`;
  const html = renderHtmlReport({ title, metrics: report.metrics, chart: buildChartData(result, report.candles, MAX_CHART_POINTS, report.indicators), chartLibrary: chartLibrarySource() });
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, html);
}
