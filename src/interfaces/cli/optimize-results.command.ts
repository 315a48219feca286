import { studyOf } from '../../application/optimize/study.js';
import { databaseUrl, STUDY_ID } from './cli-options.js';
import { UsageError } from './cli-errors.js';
import type { OptimizeOptions } from './optimize.command.js';
import { planOfText } from './optimize-plan.js';
import { readStoredStudy, readStudyStore } from './optimize-study.js';
import { studiesTable, studyJson, studyText, writeBestConfig } from './optimize-view.js';
import { checkOutputTarget } from './output-target.js';
import type { CliDeps } from './session.js';

export interface OptimizeResultsOptions {
  readonly config: string;
  readonly database?: string;
  readonly json?: boolean;
  readonly out?: string;
}

/** `dealbot optimize [list | show STUDY]`: a study run, the stored studies, or one of them. */
export async function optimizeAction(deps: CliDeps, action: string | undefined, study: string | undefined, options: OptimizeOptions): Promise<string> {
  if (action === undefined) return (await import('./optimize.command.js')).optimizeCommand(deps, options);
  if (action === 'list' && study === undefined) return optimizeListCommand(deps, options);
  if (action === 'show' && study !== undefined) {
    if (!STUDY_ID.test(study)) throw new UsageError(`optimize show: "${study}" is not a study id (a letter or digit, then letters, digits, . _ -)`);
    return optimizeShowCommand(deps, study, options);
  }
  if (action === 'show') throw new UsageError('optimize show needs the study: dealbot optimize show <study>');
  throw new UsageError(`optimize takes list, or show <study>; got "${[action, study].filter((a) => a !== undefined).join(' ')}"`);
}

/** The database of --database, DATABASE_URL or the config, as `deals list` finds it. */
async function studiesUrl(options: OptimizeResultsOptions): Promise<string> {
  const { loadCheckedConfig } = await import('./config-check.command.js');
  return databaseUrl(options.database, () => loadCheckedConfig(options.config).database);
}

/** `dealbot optimize list`: the stored studies, oldest first (the database is only read). */
export async function optimizeListCommand(deps: CliDeps, options: OptimizeResultsOptions): Promise<string> {
  const store = await readStudyStore(deps, await studiesUrl(options));
  try {
    const studies = await store.studies.list();
    return options.json ? JSON.stringify(studies, null, 2) : studiesTable(studies);
  } finally {
    await store.close();
  }
}

/** `dealbot optimize show STUDY`: the stored study's best trials as the run shows them; `--out` writes the best settings as a config. */
export async function optimizeShowCommand(deps: CliDeps, id: string, options: OptimizeResultsOptions): Promise<string> {
  if (options.out !== undefined) checkOutputTarget(options.out, 'file');
  const { study, trials } = await readStoredStudy(deps, await studiesUrl(options), id);
  const result = studyOf(study.objective, study.planned, trials);
  // the best settings go into the config text the study was planned from
  const written = options.out === undefined ? undefined : await writeBestConfig(result, await planOfText(study.configText, `study ${id} (${study.configPath})`), options.out);
  const header = { study: study.id, config: study.configPath, sampler: study.sampler, seed: study.seed };
  return options.json ? studyJson(result, header, written) : studyText(result, header, written);
}
