import type { StudyRecord, StudyRepository } from '../../domain/ports/studies.port.js';
import type { TrialRecord } from '../../application/optimize/study.js';
import { StudyError } from './cli-errors.js';
import type { CliDeps } from './session.js';

/** The studies of one database, and its closing. */
export interface StudyStore {
  readonly studies: StudyRepository;
  /** The database, credentials removed. */
  readonly location: string;
  close(): Promise<void>;
}

/** A new study's id when none is given: `study-` and the UTC time to the second, and 4 random hex digits. */
export function newStudyId(now: number, random: () => number = Math.random): string {
  const time = new Date(now).toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
  return `study-${time}-${Math.floor(random() * 0x10000).toString(16).padStart(4, '0')}`;
}

/** The database at `url`, migrated, for writing; a SQLite file the disk refused to create is removed again. */
export async function openStudyStore(deps: CliDeps, url: string): Promise<StudyStore> {
  const [{ removeIfCreated }, { migrateToLatest, SqlStudyRepository }] = await Promise.all([import('./database-access.js'), import('../../infrastructure/persistence/sql/index.js')]);
  const undo = removeIfCreated(url);
  try {
    const database = await deps.openDatabase(url);
    try {
      await migrateToLatest(database);
    } catch (error) {
      await database.close();
      throw error;
    }
    return { studies: new SqlStudyRepository(database.db), location: database.location, close: () => database.close() };
  } catch (error) {
    undo(error);
    throw error;
  }
}

/** The database at `url` for reading only: nothing is created, and it is refused unless migrated. */
export async function readStudyStore(deps: CliDeps, url: string): Promise<StudyStore> {
  const [{ openMigratedForReading }, { SqlStudyRepository }] = await Promise.all([import('./database-access.js'), import('../../infrastructure/persistence/sql/index.js')]);
  const database = await openMigratedForReading(deps, url);
  return { studies: new SqlStudyRepository(database.db), location: database.location, close: () => database.close() };
}

/** The stored study `id` with its finished trials, or one line saying it is not there. */
export async function storedStudy(store: StudyStore, id: string): Promise<{ study: StudyRecord; trials: TrialRecord[] }> {
  const study = await store.studies.get(id);
  if (study === null) throw new StudyError(`study ${id}: not found in ${store.location} (\`dealbot optimize list\` shows the studies there)`);
  return { study, trials: await store.studies.trials(id) };
}

/** Reads the study `id` from the database at `url` (read-only) and closes it. */
export async function readStoredStudy(deps: CliDeps, url: string, id: string): Promise<{ study: StudyRecord; trials: TrialRecord[]; location: string }> {
  const store = await readStudyStore(deps, url);
  try {
    return { ...(await storedStudy(store, id)), location: store.location };
  } finally {
    await store.close();
  }
}

/** A resumed study plans its trials from the config text it was created with: another text is refused. */
export function checkSameConfig(study: StudyRecord, configPath: string, text: string): void {
  if (text !== study.configText) {
    throw new StudyError(`${configPath}: the config's text changed since study ${study.id} was created from ${study.configPath}; resume with that text, or start a new study`);
  }
}
