import type { StoredEvent } from './event-envelope.js';

/** The committed outbox read as an ordered log, with one delivery cursor per destination. */
export interface OutboxLog {
  /** Committed events with sequence > `after`, oldest first, at most `limit`. */
  after(after: number, limit: number): Promise<StoredEvent[]>;
  /** Committed events that occurred at or after `since` (epoch ms), oldest first, from sequence > `after`. */
  since(since: number, after: number, limit: number): Promise<StoredEvent[]>;
  /** The highest committed sequence, 0 when the outbox is empty. */
  last(): Promise<number>;
  /** The last sequence `destination` confirmed, 0 when it never confirmed one. */
  cursor(destination: string): Promise<number>;
  /** Whether `destination` has a cursor yet (one new to this database has none). */
  known(destination: string): Promise<boolean>;
  /** Every destination's cursor, by name. */
  cursors(): Promise<Record<string, number>>;
  /** Records that `destination` confirmed everything up to `sequence`; never moves a cursor back. */
  confirm(destination: string, sequence: number): Promise<void>;
}
