import type { StudyResult } from '../../application/optimize/study.js';
import type { WalkForwardResult } from '../../application/optimize/walk-forward-run.js';
import { escapeHtml, table } from './html-report.js';
import { objectiveChart, parameterCharts } from './study-charts.js';
import { bestTrialsTable } from './study-tables.js';
import { walkForwardSummaryLines, walkForwardTable } from './walk-forward-table.js';

export interface StudyReportInput {
  readonly study: StudyResult;
  readonly header: { readonly config: string; readonly sampler: string; readonly seed: number; readonly workers: number };
  readonly walkForward?: WalkForwardResult;
}

const STYLE = `
body { font: 14px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 24px; color: #222; }
h1 { font-size: 20px; } h2 { font-size: 16px; margin: 24px 0 4px; } h3 { font-size: 14px; margin: 12px 0 2px; font-weight: 600; }
table { border-collapse: collapse; margin: 8px 0 16px; }
th, td { padding: 3px 12px 3px 0; text-align: left; border-bottom: 1px solid #eee; font-weight: normal; }
th { color: #555; } td { font-variant-numeric: tabular-nums; white-space: nowrap; } td.num { text-align: right; }
.note { color: #666; margin: 0 0 4px; }
.charts { display: flex; flex-wrap: wrap; gap: 24px; }
svg.study-chart { border: 1px solid #ddd; background: #fff; }
svg .axis { stroke: #999; } svg .tick, svg .title { font-size: 11px; fill: #555; }
svg .point { fill: #2962ff; fill-opacity: 0.6; } svg .best-line { fill: none; stroke: #e65100; stroke-width: 2; }`;

/** A self-contained page (inline SVG, no script, nothing loaded): the objective over the trials, each parameter against it, the best trials, the walk-forward table. */
export function renderStudyReport(input: StudyReportInput): string {
  const { study, header, walkForward } = input;
  const o = study.objective;
  const title = `dealbot optimize: ${header.config}, ${o.name}`;
  const unscored = study.trials.filter((t) => !Number.isFinite(t.score)).length;
  const best = bestTrialsTable(study);
  const sections = [
    `<p class="note">${study.trials.length} of ${study.planned} trials done${study.interrupted ? ' (interrupted)' : ''}, ${header.sampler} sampler, seed ${header.seed}, ${header.workers} workers; minTrades ${o.minTrades}${o.maxDrawdownPercent === undefined ? '' : `, maxDrawdown ${o.maxDrawdownPercent}%`}. ${unscored} trials without a score are not drawn.</p>`,
    `<h2>Objective over trials</h2>\n<p class="note">Each scored trial's ${escapeHtml(o.name)}; the line is the best so far.</p>\n${objectiveChart(study)}`,
    `<h2>Parameters</h2>\n<div class="charts">\n${parameterCharts(study)
      .map((c) => `<div><h3>${escapeHtml(c.path)}</h3>\n${c.svg}</div>`)
      .join('\n')}\n</div>`,
    `<h2>Best trials</h2>\n<div id="best-trials">${best.rows.length > 0 ? table(best.headers, best.rows) : '<p>No trial has a score.</p>'}</div>`,
  ];
  if (walkForward !== undefined) {
    const wf = walkForwardTable(walkForward, o.name);
    sections.push(
      `<h2>Walk-forward validation</h2>\n<p class="note">Rolling windows: each fold's study runs on its train part, its best settings are backtested on the test part right after it.</p>\n` +
        `<div id="walk-forward-summary">${walkForwardSummaryLines(walkForward, o.name)
          .map((l) => `<p>${escapeHtml(l)}</p>`)
          .join('')}</div>\n<div id="walk-forward">${table(wf.headers, wf.rows)}</div>`,
    );
  }
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
${sections.join('\n')}
</body>
</html>
`;
}
