import type { Kysely, Selectable } from 'kysely';
import type { Objective, TrialFigures } from '../../../domain/ports/studies.port.js';
import type { SamplerName } from '../../../domain/ports/studies.port.js';
import type { StudyRecord, StudyRepository, StudySummary } from '../../../domain/ports/studies.port.js';
import type { TrialRecord } from '../../../domain/ports/studies.port.js';
import type { DealbotSchema, StudiesTable, StudyTrialsTable } from './schema.js';

type Db = Kysely<DealbotSchema>;

/** Studies in the `studies` and `study_trials` tables (0013_studies); a trial row is written once. */
export class SqlStudyRepository implements StudyRepository {
  constructor(private readonly db: Db) {}

  async create(study: StudyRecord): Promise<boolean> {
    const result = await this.db
      .insertInto('studies')
      .values({
        id: study.id,
        config_path: study.configPath,
        config_text: study.configText,
        data_dir: study.dataDir,
        sampler: study.sampler,
        seed: study.seed,
        objective: JSON.stringify(study.objective),
        planned: study.planned,
        created_at: study.createdAt,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
  }

  async get(id: string): Promise<StudyRecord | null> {
    const row = await this.db.selectFrom('studies').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? null : studyOfRow(row);
  }

  async list(): Promise<StudySummary[]> {
    const rows = await this.db
      .selectFrom('studies')
      .leftJoin('study_trials', 'study_trials.study_id', 'studies.id')
      .select(['studies.id', 'studies.created_at', 'studies.sampler', 'studies.objective', 'studies.planned'])
      .select((eb) => [eb.fn.count<string | number>('study_trials.trial_index').as('done'), eb.fn.max('study_trials.score').as('best')])
      .groupBy(['studies.id', 'studies.created_at', 'studies.sampler', 'studies.objective', 'studies.planned'])
      .orderBy('studies.created_at')
      .orderBy('studies.id')
      .execute();
    return rows.map((row) => ({
      id: row.id,
      createdAt: Number(row.created_at),
      sampler: row.sampler as SamplerName,
      objective: JSON.parse(row.objective) as Objective,
      planned: Number(row.planned),
      done: Number(row.done),
      bestScore: row.best === null ? null : Number(row.best),
    }));
  }

  async saveTrial(studyId: string, trial: TrialRecord): Promise<boolean> {
    const result = await this.db
      .insertInto('study_trials')
      .values({
        study_id: studyId,
        trial_index: trial.index,
        trial_values: JSON.stringify(trial.values),
        status: trial.status,
        score: Number.isFinite(trial.score) ? trial.score : null,
        reason: trial.reason ?? null,
        figures: trial.figures === undefined ? null : JSON.stringify(trial.figures),
      })
      .onConflict((oc) => oc.columns(['study_id', 'trial_index']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
  }

  async trials(studyId: string): Promise<TrialRecord[]> {
    const rows = await this.db.selectFrom('study_trials').selectAll().where('study_id', '=', studyId).orderBy('trial_index').execute();
    return rows.map(trialOfRow);
  }

  async trial(studyId: string, index: number): Promise<TrialRecord | null> {
    const row = await this.db.selectFrom('study_trials').selectAll().where('study_id', '=', studyId).where('trial_index', '=', index).executeTakeFirst();
    return row === undefined ? null : trialOfRow(row);
  }
}

function studyOfRow(row: Selectable<StudiesTable>): StudyRecord {
  return {
    id: row.id,
    configPath: row.config_path,
    configText: row.config_text,
    dataDir: row.data_dir,
    sampler: row.sampler as SamplerName,
    seed: Number(row.seed),
    objective: JSON.parse(row.objective) as Objective,
    planned: Number(row.planned),
    createdAt: Number(row.created_at),
  };
}

function trialOfRow(row: Selectable<StudyTrialsTable>): TrialRecord {
  return {
    index: Number(row.trial_index),
    values: JSON.parse(row.trial_values) as TrialRecord['values'],
    status: row.status as TrialRecord['status'],
    score: row.score === null ? Number.NEGATIVE_INFINITY : Number(row.score),
    ...(row.reason !== null && { reason: row.reason }),
    ...(row.figures !== null && { figures: JSON.parse(row.figures) as TrialFigures }),
  };
}
