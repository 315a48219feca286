import type { ObjectiveName } from '../../application/optimize/objectives.js';
import type { StudyResult, TrialRecord } from '../../application/optimize/study.js';
import { writeFile } from 'node:fs/promises';
import { configTextWithValues } from '../../infrastructure/config/trial-config.js';
import { bestTrialsTable, scoreText } from '../reports/study-tables.js';
import type { Plan } from './optimize-plan.js';
import { writingTo } from './output-target.js';
import { renderTable } from './text-table.js';
import type { StudySummary } from '../../domain/ports/studies.port.js';
import { formatUtc } from '../../infrastructure/shared/utc-time.js';

export interface StudyHeader {
  readonly study: string;
  readonly config: string;
  readonly sampler: string;
  readonly seed: number;
  /** Worker threads of this run (none for a stored study shown). */
  readonly workers?: number;
}

/** The progress line's text after `done` trials (starts with a carriage return: it rewrites itself). */
export function progressLine(total: number, objective: ObjectiveName): (done: number, best: TrialRecord | null) => string {
  return (done, best) => `\r\x1b[Ktrial ${done}/${total}, best ${objective} ${best === null ? '-' : `${scoreText(best.score)} (trial ${best.index})`}`;
}

function counts(study: StudyResult): string {
  const failed = study.trials.filter((t) => t.status === 'failed').length;
  const unscored = study.trials.filter((t) => t.status === 'ok' && !Number.isFinite(t.score)).length;
  return `${study.trials.length} of ${study.planned} trials done${study.interrupted ? ' (interrupted)' : ''}, ${failed} failed, ${unscored} without a score`;
}

export function studyText(study: StudyResult, header: StudyHeader, written: string | undefined): string {
  const o = study.objective;
  const limits = [`minTrades ${o.minTrades}`, ...(o.maxDrawdownPercent === undefined ? [] : [`maxDrawdown ${o.maxDrawdownPercent}%`])].join(', ');
  const table = bestTrialsTable(study);
  const lines = [
    `Optimize ${header.config}: ${o.name} (${limits}), ${header.sampler} sampler, seed ${header.seed}${header.workers === undefined ? '' : `, ${header.workers} workers`}`,
    `study ${header.study}`,
    counts(study),
    '',
    table.rows.length > 0 ? renderTable(table.headers, table.rows) : 'No trial has a score.',
  ];
  const reasons = failureReasons(study.trials);
  if (reasons.length > 0) lines.push('', 'Why trials have no score:', ...reasons.map(([reason, n]) => `  ${n} x ${reason}`));
  if (written !== undefined) lines.push('', `Wrote the best settings (trial ${study.best?.index}) to ${written}`);
  else if (study.best === null) lines.push('', 'No best settings: no trial has a score.');
  return lines.join('\n');
}

/** The reasons of the trials without a score, most frequent first, with their counts. */
function failureReasons(trials: readonly TrialRecord[]): [string, number][] {
  const counted = new Map<string, number>();
  for (const t of trials) if (t.reason !== undefined) counted.set(t.reason, (counted.get(t.reason) ?? 0) + 1);
  return [...counted].sort((a, b) => b[1] - a[1]).slice(0, 5);
}

function trialJson(t: TrialRecord) {
  return { index: t.index, values: t.values, status: t.status, score: Number.isFinite(t.score) ? t.score : null, ...(t.reason !== undefined && { reason: t.reason }), ...(t.figures && { figures: t.figures }) };
}

export function studyJson(study: StudyResult, header: StudyHeader, written: string | undefined, extra: Readonly<Record<string, unknown>> = {}): string {
  return JSON.stringify(
    {
      ...header,
      objective: study.objective,
      planned: study.planned,
      completed: study.trials.length,
      interrupted: study.interrupted,
      best: study.best === null ? null : trialJson(study.best),
      ...(written !== undefined && { bestConfig: written }),
      trials: study.trials.map(trialJson),
      ...extra,
    },
    null,
    2,
  );
}

/** Writes the best trial's settings into the plan's config text at `file`; the file, or undefined when no trial has a score. */
export async function writeBestConfig(study: StudyResult, plan: Plan, file: string): Promise<string | undefined> {
  if (study.best === null) return undefined;
  const text = configTextWithValues(plan.text, study.best.values, plan.paths);
  await writingTo(file, () => writeFile(file, text));
  return file;
}

/** `optimize list`: one row per study. */
export function studiesTable(studies: readonly StudySummary[]): string {
  if (studies.length === 0) return 'No studies.';
  return renderTable(
    ['study', 'created', 'sampler', 'objective', 'done', 'best'],
    studies.map((s) => [s.id, formatUtc(s.createdAt), s.sampler, s.objective.name, `${s.done}/${s.planned}`, s.bestScore === null ? '-' : scoreText(s.bestScore)]),
  );
}
