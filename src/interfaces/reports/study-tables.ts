import { topTrials, type StudyResult } from '../../application/optimize/study.js';

/** How many trials the best trials table shows. */
export const TOP_TRIALS = 10;

/** A score as the tables show it: 6 significant decimals, -inf for none, - when absent. */
export const scoreText = (score: number | null | undefined): string => (score === null || score === undefined ? '-' : Number.isFinite(score) ? String(Number(score.toFixed(6))) : '-inf');

/** The parameter paths of a study, in the order the config lists them. */
export const studyParams = (study: StudyResult): string[] => Object.keys(study.trials[0]?.values ?? {});

/** The best trials, best first: the table the CLI prints and the HTML report shows. */
export function bestTrialsTable(study: StudyResult, count: number = TOP_TRIALS): { headers: string[]; rows: string[][] } {
  const paths = studyParams(study);
  const rows = topTrials(study, count).map((t, i) => [
    String(i + 1),
    String(t.index),
    ...paths.map((p) => String(t.values[p])),
    scoreText(t.score),
    String(t.figures?.trades ?? 0),
    t.figures?.pnl ?? '-',
    `${(t.figures?.maxDrawdownPercent ?? 0).toFixed(2)}%`,
  ]);
  return { headers: ['rank', 'trial', ...paths, study.objective.name, 'trades', 'pnl', 'drawdown'], rows };
}
