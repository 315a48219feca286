import { hostname } from 'node:os';

/**
 * One `dealbot run` per database: taken before the run reads or writes any state and held for
 * the life of the process. The operating system (SQLite) or the server (PostgreSQL) drops it
 * when the process dies, however it dies, so a killed holder never blocks the next start.
 */
export interface InstanceLock {
  /** Gives the lock up; the database must be closed first (nothing may write after it). */
  release(): Promise<void>;
}

/** Who holds a database: enough for the operator to find the process and stop it. */
export interface InstanceHolder {
  readonly pid: number;
  readonly host: string;
  /** When it took the lock, ISO 8601 UTC to the second. */
  readonly startedAt: string;
  readonly botPrefix: string;
}

/** Another run holds the database. One line naming the holder; the CLI prints it as it is. */
export class InstanceLockedError extends Error {
  override readonly name = 'InstanceLockedError';

  constructor(
    readonly location: string,
    /** The holder as the operator reads it, e.g. `pid 1234 on host h, prefix dlb-, started ...`. */
    readonly holder: string,
  ) {
    super(`database ${location} is in use by another dealbot run (${holder}); stop it first`);
  }
}

/** This process as a holder, from now on. */
export function thisProcess(botPrefix: string, now: Date = new Date()): InstanceHolder {
  return { pid: process.pid, host: hostname(), startedAt: isoSeconds(now), botPrefix };
}

export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function describeHolder(holder: InstanceHolder): string {
  return `pid ${holder.pid} on host ${holder.host}, prefix ${holder.botPrefix}, started ${holder.startedAt}`;
}

/** `sqlite::memory:` is private to its process: nothing to share, nothing to lock. */
export const NO_LOCK: InstanceLock = { release: () => Promise.resolve() };
