import type { BenchResult } from './result.js';

const headers = ['suite', 'name', 'value', 'unit', 'reference', 'ratio', 'note'] as const;

function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en-US');
  return Number(value.toPrecision(4)).toString();
}

function row(result: BenchResult): string[] {
  return [
    result.suite,
    result.name,
    formatNumber(result.value),
    result.unit,
    result.reference ? `${result.reference.name}: ${formatNumber(result.reference.value)}` : '',
    result.ratio === undefined ? '' : result.ratio.toFixed(3),
    result.note ?? '',
  ];
}

/** Results as a text table with aligned columns; numbers are right-aligned. */
export function formatTable(results: BenchResult[]): string {
  const rows = [[...headers], ...results.map(row)];
  const widths = headers.map((_, column) => Math.max(...rows.map((cells) => cells[column]!.length)));
  const numeric = new Set([2, 5]);
  const lines = rows.map((cells) =>
    cells
      .map((cell, column) => (numeric.has(column) ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!)))
      .join('  ')
      .trimEnd(),
  );
  lines.splice(1, 0, widths.map((width) => '-'.repeat(width)).join('  '));
  return lines.join('\n');
}
