import type { StudyRecord, StudyRepository, StudySummary } from '../../../domain/ports/studies.port.js';
import type { TrialRecord } from '../../../domain/ports/studies.port.js';

/** Studies in this process's memory: for tests and runs that keep nothing. */
export class InMemoryStudyRepository implements StudyRepository {
  readonly #studies = new Map<string, StudyRecord>();
  readonly #trials = new Map<string, Map<number, TrialRecord>>();

  async create(study: StudyRecord): Promise<boolean> {
    if (this.#studies.has(study.id)) return false;
    this.#studies.set(study.id, structuredClone(study));
    this.#trials.set(study.id, new Map());
    return true;
  }

  async get(id: string): Promise<StudyRecord | null> {
    const study = this.#studies.get(id);
    return study === undefined ? null : structuredClone(study);
  }

  async list(): Promise<StudySummary[]> {
    return [...this.#studies.values()]
      .sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .map((s) => {
        const trials = [...this.#trials.get(s.id)!.values()];
        const scores = trials.map((t) => t.score).filter(Number.isFinite);
        return { id: s.id, createdAt: s.createdAt, sampler: s.sampler, objective: structuredClone(s.objective), planned: s.planned, done: trials.length, bestScore: scores.length === 0 ? null : Math.max(...scores) };
      });
  }

  async saveTrial(studyId: string, trial: TrialRecord): Promise<boolean> {
    const trials = this.#trials.get(studyId);
    if (trials === undefined) throw new RangeError(`no study ${studyId}`);
    if (trials.has(trial.index)) return false;
    trials.set(trial.index, structuredClone(trial));
    return true;
  }

  async trial(studyId: string, index: number): Promise<TrialRecord | null> {
    const trial = this.#trials.get(studyId)?.get(index);
    return trial === undefined ? null : structuredClone(trial);
  }

  async trials(studyId: string): Promise<TrialRecord[]> {
    return [...(this.#trials.get(studyId)?.values() ?? [])].sort((a, b) => a.index - b.index).map((t) => structuredClone(t));
  }
}
