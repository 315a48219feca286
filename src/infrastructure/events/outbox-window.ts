import type { StoredEvent } from './event-envelope.js';
import type { OutboxLog } from './outbox-log.js';

/** Rows read from the log per query while scanning. */
const PAGE = 500;

/** Which stored events a reader wants: by type, by time, up to a sequence. */
export interface EventFilter {
  /** Only these types; undefined: every type. */
  readonly types?: ReadonlySet<string>;
  /** Only events that occurred at or after this time (epoch ms). */
  readonly since?: number;
  /** Only events that occurred before this time (epoch ms). */
  readonly until?: number;
}

export function accepts(filter: EventFilter, stored: StoredEvent): boolean {
  const { type, occurredAt } = stored.event;
  if (filter.types !== undefined && !filter.types.has(type)) return false;
  if (filter.since !== undefined && occurredAt < filter.since) return false;
  return filter.until === undefined || occurredAt < filter.until;
}

/**
 * The last `count` events up to sequence `upTo` that pass `filter`, oldest first. Reads the log
 * backwards in growing chunks, so a tail of a long outbox reads about what it prints; sequences
 * may have gaps (PostgreSQL skips ids of rolled-back inserts).
 */
export async function lastEvents(log: OutboxLog, upTo: number, count: number, filter: EventFilter = {}): Promise<StoredEvent[]> {
  const found: StoredEvent[] = [];
  let end = upTo;
  let chunk = Math.max(count, 64);
  while (end > 0 && found.length < count) {
    const start = Math.max(0, end - chunk);
    const rows = await log.after(start, end - start);
    const kept = rows.filter((row) => row.sequence <= end && accepts(filter, row));
    found.unshift(...kept);
    end = start;
    chunk = Math.min(chunk * 2, 100_000);
  }
  return found.slice(Math.max(0, found.length - count));
}

/**
 * Events with sequence in (after, upTo] that pass `filter`, oldest first, page by page: `visit`
 * gets each page's matches and returns false to stop. With `filter.since` the log's own time
 * index does the first cut.
 */
export async function scanEvents(log: OutboxLog, after: number, upTo: number, filter: EventFilter, visit: (events: StoredEvent[]) => Promise<boolean> | boolean): Promise<void> {
  let cursor = after;
  while (cursor < upTo) {
    const rows = filter.since === undefined ? await log.after(cursor, PAGE) : await log.since(filter.since, cursor, PAGE);
    const inWindow = rows.filter((row) => row.sequence <= upTo);
    const kept = inWindow.filter((row) => accepts(filter, row));
    if (kept.length > 0 && !(await visit(kept))) return;
    if (rows.length < PAGE || inWindow.length < rows.length) return;
    cursor = rows[rows.length - 1]?.sequence ?? upTo;
  }
}
