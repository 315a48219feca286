/*
 * What an optimisation study stores, as plain records: the application's optimize use case
 * (application/optimize) plans and scores the trials; this port keeps them.
 */

export type SamplerName = 'grid' | 'random' | 'tpe';
export type ObjectiveName = 'profit' | 'sharpe' | 'sortino' | 'calmar';
/** A searched parameter's value, as the config holds it (decimals as text). */
export type ParamValue = number | string | boolean;

/** What a study maximises, and the limits a trial must keep to count at all. */
export interface Objective {
  readonly name: ObjectiveName;
  /** A trial with fewer closed deals scores -Infinity. */
  readonly minTrades: number;
  /** A trial whose maximum drawdown (percent of its peak) is above this scores -Infinity. */
  readonly maxDrawdownPercent?: number;
}

/** The figures of one backtest a study scores and shows: plain data, as a worker sends it back. */
export interface TrialFigures {
  /** Closed deals. */
  readonly trades: number;
  /** Realised PnL of the closed deals, exact text in the quote currency. */
  readonly pnl: string;
  readonly maxDrawdownPercent: number;
  readonly sharpe: number | null;
  readonly sortino: number | null;
  readonly calmar: number | null;
  readonly finalEquity: number;
}

export interface TrialRecord {
  readonly index: number;
  readonly values: Readonly<Record<string, ParamValue>>;
  /** ok: backtested and scored (the score may still be -Infinity, with its reason); failed: no backtest result. */
  readonly status: 'ok' | 'failed';
  readonly score: number;
  readonly reason?: string;
  readonly figures?: TrialFigures;
}

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
  /** The study's trial at `index`, or null while it is not finished. */
  trial(studyId: string, index: number): Promise<TrialRecord | null>;
}
