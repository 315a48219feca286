import type { EventDestination } from './event-destination.js';
import { toEnvelope, type StoredEvent } from './event-envelope.js';
import type { OutboxLog } from './outbox-log.js';
import { scanEvents, type EventFilter } from './outbox-window.js';

export interface ReplayRequest {
  /** Events that occurred at or after this time (epoch ms). */
  readonly since: number;
  /** Events that occurred before this time (epoch ms); undefined: up to the last committed one. */
  readonly until?: number;
  /** Only these types; undefined: every type. */
  readonly types?: ReadonlySet<string>;
  readonly botPrefix: string;
  /** Envelopes per `send` (events.batchSize). */
  readonly batchSize: number;
}

export interface ReplayReport {
  /** How many events went (or, on a dry run, would go). */
  readonly events: number;
  /** The same, by type, in the order the types first appear. */
  readonly byType: Readonly<Record<string, number>>;
  /** The first and last sequence sent, or null when the window was empty. */
  readonly firstSequence: number | null;
  readonly lastSequence: number | null;
}

/**
 * Sends the committed events of a time window again to one destination, in sequence order and
 * batches of `batchSize`, each batch only once the previous one was confirmed. The window ends
 * at the last sequence committed when the replay starts. The destination's delivery cursor is
 * neither read nor moved: consumers tell a re-sent event by its id. Without a destination (a
 * dry run) it only counts. A failed send throws, after `onBatch` saw what went before it.
 */
export async function replayEvents(log: OutboxLog, request: ReplayRequest, destination: EventDestination | null, onBatch: (sent: number) => void = () => undefined): Promise<ReplayReport> {
  const filter: EventFilter = { since: request.since, until: request.until, types: request.types };
  const byType: Record<string, number> = {};
  let events = 0;
  let firstSequence: number | null = null;
  let lastSequence: number | null = null;
  const pending: StoredEvent[] = [];
  const flush = async (): Promise<void> => {
    const batch = pending.splice(0, request.batchSize);
    if (destination !== null) await destination.send(batch.map((stored) => toEnvelope(stored, request.botPrefix)));
    for (const stored of batch) byType[stored.event.type] = (byType[stored.event.type] ?? 0) + 1;
    events += batch.length;
    firstSequence ??= batch[0]?.sequence ?? null;
    lastSequence = batch[batch.length - 1]?.sequence ?? lastSequence;
    onBatch(events);
  };
  await scanEvents(log, 0, await log.last(), filter, async (page) => {
    pending.push(...page);
    while (pending.length >= request.batchSize) await flush();
    return true;
  });
  if (pending.length > 0) await flush();
  return { events, byType, firstSequence, lastSequence };
}
