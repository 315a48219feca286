import type { Objective } from './objectives.js';
import type { SamplerName } from './samplers.js';
import type { TrialRecord } from './study.js';

/** A stored study: what it needs to plan its trials again, on this machine or another. */
export interface StudyRecord {
  readonly id: string;
  /** The config file's path when the study was created (as given), for people. */
  readonly configPath: string;
  /** The config file's text: the trials are planned from it, and a resume refuses another. */
  readonly configText: string;
  /** Where the candles are (a path a worker on another machine reads too: a shared disk). */
  readonly dataDir: string;
  readonly sampler: SamplerName;
  readonly seed: number;
  readonly objective: Objective;
  /** The trials planned (the budget a re-plan is given). */
  readonly planned: number;
  readonly createdAt: number;
}

/** A study as `optimize list` shows it. */
export interface StudySummary {
  readonly id: string;
  readonly createdAt: number;
  readonly sampler: SamplerName;
  readonly objective: Objective;
  readonly planned: number;
  readonly done: number;
  /** The highest finite score; null when no trial has one. */
  readonly bestScore: number | null;
}

/**
 * Studies and their finished trials. A trial is stored once per (study, index): the second
 * report of the same trial (two workers ran it) is ignored, so it counts once.
 */
export interface StudyRepository {
  /** Stores a new study; false when the id is taken (nothing is changed then). */
  create(study: StudyRecord): Promise<boolean>;
  get(id: string): Promise<StudyRecord | null>;
  /** Every study, the oldest first. */
  list(): Promise<StudySummary[]>;
  /** Stores a finished trial; false when the study already has one at that index (the stored one stays). */
  saveTrial(studyId: string, trial: TrialRecord): Promise<boolean>;
  /** The study's finished trials, by index. */
  trials(studyId: string): Promise<TrialRecord[]>;
}
