import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../../src/domain/events.js';
import type { EventDestination } from '../../../src/infrastructure/events/event-destination.js';
import type { EventEnvelope, StoredEvent } from '../../../src/infrastructure/events/event-envelope.js';
import { accepts, lastEvents, scanEvents, type EventFilter } from '../../../src/infrastructure/events/outbox-window.js';
import { replayEvents } from '../../../src/infrastructure/events/replay-events.js';
import { migrateToLatest, openDatabase, SqlOutboxLog, SqlUnitOfWork, type SqlDatabase } from '../../../src/infrastructure/persistence/sql/index.js';

/**
 * Reading windows of the outbox (events tail, events replay) over a real SQLite outbox of 1,200
 * events, some rows deleted so sequences have gaps as on PostgreSQL, compared with filtering
 * every row by hand.
 */

const TYPES = ['DealOpened', 'DealClosed', 'DealCancelled'] as const;
const T0 = Date.UTC(2026, 11, 1);
const COUNT = 1_200;
let database: SqlDatabase;
let log: SqlOutboxLog;
let all: StoredEvent[] = [];

function event(i: number): DomainEvent {
  const type = TYPES[i % 3] ?? 'DealOpened';
  const base = { occurredAt: T0 + i * 1_000, dealId: `d${i}`, symbol: 'ETH/USDT' };
  if (type === 'DealOpened') return { ...base, type, buyOrderId: `b${i}`, price: '1', amount: '1' };
  if (type === 'DealClosed') return { ...base, type, pnl: '0', fees: '0', reason: 'take profit' };
  return { ...base, type, reason: 'expired' };
}

beforeAll(async () => {
  database = await openDatabase('sqlite::memory:');
  await migrateToLatest(database);
  await new SqlUnitOfWork(database).run((r) => r.outbox.add(Array.from({ length: COUNT }, (_, i) => event(i + 1))));
  // gaps: ids a rolled-back transaction took, in runs of 1 to 40
  await sql`delete from outbox where id % 17 = 0 or id between 600 and 640 or id between 1190 and 1200`.execute(database.db);
  log = new SqlOutboxLog(database.db);
  all = await log.after(0, 10_000);
});
afterAll(() => database.close());

const filters = fc.record({
  types: fc.option(fc.subarray([...TYPES], { minLength: 1 }).map((t) => new Set<string>(t)), { nil: undefined }),
  since: fc.option(fc.integer({ min: 0, max: COUNT }).map((s) => T0 + s * 1_000), { nil: undefined }),
  until: fc.option(fc.integer({ min: 0, max: COUNT }).map((s) => T0 + s * 1_000), { nil: undefined }),
});

describe('outbox windows', () => {
  it('holds the gaps the test meant to make', () => {
    expect(all.length).toBe(COUNT - Math.floor(COUNT / 17) - 41 - 11 + 2 + 1);
    expect(all.some((s) => s.sequence === 620 || s.sequence === 1_195 || s.sequence === 34)).toBe(false);
  });

  it('lastEvents: the last n up to a sequence that pass the filter, oldest first, across gaps', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 700 }), fc.integer({ min: 0, max: COUNT + 5 }), filters, async (count, upTo, filter: EventFilter) => {
        const expected = all.filter((s) => s.sequence <= upTo && accepts(filter, s)).slice(-count);
        expect((await lastEvents(log, upTo, count, filter)).map((s) => s.sequence)).toEqual(expected.map((s) => s.sequence));
      }),
      { numRuns: 60 },
    );
  });

  it('scanEvents: every event in (after, upTo] that passes the filter, in order, page by page, and stops when told', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: COUNT }), fc.integer({ min: 0, max: COUNT + 5 }), filters, async (after, upTo, filter: EventFilter) => {
        const seen: number[] = [];
        await scanEvents(log, after, upTo, filter, (page) => (seen.push(...page.map((s) => s.sequence)), true));
        expect(seen).toEqual(all.filter((s) => s.sequence > after && s.sequence <= upTo && accepts(filter, s)).map((s) => s.sequence));
      }),
      { numRuns: 60 },
    );
    let pages = 0;
    await scanEvents(log, 0, COUNT, {}, () => (pages += 1) < 1);
    expect(pages).toBe(1);
  });

  it('replayEvents: batches of exactly batchSize across the log\'s pages, the last one shorter, every event once in order', async () => {
    const batches: EventEnvelope[][] = [];
    const destination: EventDestination = { name: 'recorder', send: async (envelopes) => void batches.push([...envelopes]), close: async () => undefined };
    const report = await replayEvents(log, { since: T0, botPrefix: 'dlb-', batchSize: 7 }, destination);
    expect(batches.slice(0, -1).every((b) => b.length === 7)).toBe(true);
    expect(batches.at(-1)?.length).toBe(all.length % 7 || 7);
    expect(batches.flat().map((e) => e.sequence)).toEqual(all.map((s) => s.sequence));
    expect(report).toEqual({ events: all.length, byType: expect.any(Object), firstSequence: all[0]?.sequence, lastSequence: all.at(-1)?.sequence });
  });
});
