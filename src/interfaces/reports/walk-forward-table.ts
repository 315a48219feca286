import type { TrialRecord } from '../../application/optimize/study.js';
import type { FoldOutcome, WalkForwardResult } from '../../application/optimize/walk-forward-run.js';
import type { ReplayWindow } from '../../application/optimize/walk-forward.js';
import { formatUtc } from '../../infrastructure/shared/utc-time.js';
import { scoreText } from './study-tables.js';


/** A window as `from -> to` (to excluded), UTC to the minute. */
const period = (w: ReplayWindow): string => `${formatUtc(w.from)} -> ${formatUtc(w.to)}`;

/** The parameter paths the folds' best trials set, in their order. */
function paths(result: WalkForwardResult): string[] {
  return Object.keys(result.folds.find((f) => f.study.best !== null)?.study.best?.values ?? {});
}

/** The walk-forward table: one row per fold; the same in the CLI, the JSON's order and the HTML report. */
export function walkForwardTable(result: WalkForwardResult, objective: string): { headers: string[]; rows: string[][] } {
  const params = paths(result);
  const rows = result.folds.map((f) => {
    const best = f.study.best;
    return [
      String(f.fold.index + 1),
      period(f.train),
      period(f.test),
      best === null ? '-' : String(best.index),
      ...params.map((p) => (best === null ? '-' : String(best.values[p]))),
      scoreText(best?.score),
      scoreText(f.outOfSample?.score),
      String(f.outOfSample?.figures?.trades ?? '-'),
    ];
  });
  return { headers: ['fold', 'train (UTC)', 'test (UTC)', 'best trial', ...params, `in-sample ${objective}`, `out-of-sample ${objective}`, 'test trades'], rows };
}

/** The summary under the table, one line per figure. */
export function walkForwardSummaryLines(result: WalkForwardResult, objective: string): string[] {
  const s = result.summary;
  const lines = [`${result.folds.length} of ${result.planned} folds done${result.interrupted ? ' (interrupted)' : ''}, ${s.scored} scored on both parts`];
  if (s.scored > 0) {
    lines.push(`mean ${objective}: in-sample ${scoreText(s.inSampleMean)}, out-of-sample ${scoreText(s.outOfSampleMean)} (difference ${scoreText(s.difference)})`);
    if (s.efficiency !== null) lines.push(`walk-forward efficiency (out-of-sample / in-sample): ${(s.efficiency * 100).toFixed(1)}%`);
  }
  return lines;
}

const finite = (n: number | undefined): number | null => (n !== undefined && Number.isFinite(n) ? n : null);

function testJson(t: TrialRecord | null) {
  if (t === null) return null;
  return { score: finite(t.score), ...(t.reason !== undefined && { reason: t.reason }), ...(t.figures && { figures: t.figures }) };
}

function foldJson(f: FoldOutcome) {
  const best = f.study.best;
  return {
    fold: f.fold.index + 1,
    train: { from: new Date(f.train.from).toISOString(), to: new Date(f.train.to).toISOString(), candles: f.fold.train.end - f.fold.train.start, warmup: f.train.history },
    test: { from: new Date(f.test.from).toISOString(), to: new Date(f.test.to).toISOString(), candles: f.fold.test.end - f.fold.test.start, warmup: f.test.history },
    trials: f.study.trials.length,
    best: best === null ? null : { trial: best.index, values: best.values, inSample: finite(best.score), ...(best.figures && { figures: best.figures }) },
    outOfSample: testJson(f.outOfSample),
  };
}

export function walkForwardJson(result: WalkForwardResult) {
  return { planned: result.planned, interrupted: result.interrupted, summary: result.summary, folds: result.folds.map(foldJson) };
}
