import type { BacktestMetrics } from '../../application/backtest/backtest-metrics.js';
import type { ChartData } from './chart-data.js';
import { BOT_COLUMNS, botRows, metricsRows, PAIR_COLUMNS, pairRows } from './metrics-view.js';
import { REPORT_PAGE_SCRIPT } from './report-page.script.js';

export interface HtmlReportInput {
  readonly title: string;
  readonly metrics: BacktestMetrics;
  readonly chart: ChartData;
  /** The standalone lightweight-charts bundle, inlined so the page needs no network. */
  readonly chartLibrary: string;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON that cannot end its <script> block or break a JavaScript parser. */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

const NUMBER = /^-?[\d.]+$/;

/** A table; with no headers, the first cell of each row is its heading. */
export function table(headers: readonly string[] | null, rows: readonly (readonly string[])[]): string {
  const head = headers === null ? '' : `<thead><tr>${headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead>`;
  const body = rows.map((r) => `<tr>${r.map((c, i) => (headers === null && i === 0 ? `<th>${escapeHtml(c)}</th>` : `<td${headers !== null && NUMBER.test(c) ? ' class="num"' : ''}>${escapeHtml(c)}</td>`)).join('')}</tr>`).join('\n');
  return `<table>${head}<tbody>\n${body}\n</tbody></table>`;
}

const STYLE = `
body { font: 14px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 24px; color: #222; }
h1 { font-size: 20px; } h2 { font-size: 16px; margin: 24px 0 4px; }
table { border-collapse: collapse; margin: 8px 0 16px; }
th, td { padding: 3px 12px 3px 0; text-align: left; border-bottom: 1px solid #eee; font-weight: normal; }
th { color: #555; } td { font-variant-numeric: tabular-nums; } td.num { text-align: right; }
.chart { height: 420px; border: 1px solid #ddd; }
.note { color: #666; margin: 0 0 4px; }
.tables { display: flex; flex-wrap: wrap; gap: 48px; }`;

/** A self-contained page: metrics tables, a candle chart per pair with its fills, the equity curve. */
export function renderHtmlReport(input: HtmlReportInput): string {
  const { metrics } = input;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(input.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(input.title)}</h1>
<div class="tables">
<div><h2>Report</h2>
${table(null, metricsRows(metrics))}</div>
<div><h2>Pairs (${escapeHtml(metrics.quote)})</h2>
${table(PAIR_COLUMNS, pairRows(metrics))}</div>
${metrics.perBot.length === 0 ? '' : `<div><h2>Bots (${escapeHtml(metrics.quote)})</h2>
${table(BOT_COLUMNS, botRows(metrics))}</div>
`}</div>
<div id="charts"></div>
<script type="application/json" id="report-data">${scriptSafeJson(input.chart)}</script>
<script>${input.chartLibrary.replace(/<\/script/gi, '<\\/script')}</script>
<script>${REPORT_PAGE_SCRIPT}</script>
</body>
</html>
`;
}
