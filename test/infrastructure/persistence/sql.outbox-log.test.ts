import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../../src/domain/events.js';
import { migrateToLatest, openDatabase, SqlOutboxLog, SqlUnitOfWork, type SqlDatabase } from '../../../src/infrastructure/persistence/sql/index.js';
import { migratedPostgresSchema } from '../../support/migrated-postgres.js';
import { postgresService, serviceAvailable } from '../../support/services.js';

const cancelled = (dealId: string, at: number): DomainEvent => ({ type: 'DealCancelled', occurredAt: at, dealId, symbol: 'ETH/USDT', reason: 'buy expired' });

function describeOutboxLog(name: string, open: () => Promise<{ database: SqlDatabase; close(): Promise<void> }>): void {
  describe(`SqlOutboxLog: ${name}`, () => {
    const withLog = async (fn: (log: SqlOutboxLog, uow: SqlUnitOfWork, database: SqlDatabase) => Promise<void>) => {
      const { database, close } = await open();
      try {
        await fn(new SqlOutboxLog(database.db, () => 7), new SqlUnitOfWork(database), database);
      } finally {
        await close();
      }
    };

    it('reads committed events in sequence order, after a sequence and since a time', () =>
      withLog(async (log, uow) => {
        expect(await log.last()).toBe(0);
        await uow.run((r) => r.outbox.add([cancelled('a', 100), cancelled('b', 200)]));
        await uow.run((r) => r.outbox.add([cancelled('c', 300)]));
        const all = await log.after(0, 10);
        expect(all.map((e) => e.event.type === 'DealCancelled' && e.event.dealId)).toEqual(['a', 'b', 'c']);
        const sequences = all.map((e) => e.sequence);
        expect(sequences).toEqual([...sequences].sort((x, y) => x - y));
        expect(await log.last()).toBe(sequences[2]);
        expect((await log.after(sequences[0]!, 1)).map((e) => e.sequence)).toEqual([sequences[1]]);
        expect((await log.since(200, 0, 10)).map((e) => e.sequence)).toEqual(sequences.slice(1));
        expect((await log.since(200, sequences[1]!, 10)).map((e) => e.sequence)).toEqual([sequences[2]]);
        expect(await log.after(0, 0)).toEqual([]);
      }));

    it('gives every stored event its own id, kept across reads', () =>
      withLog(async (log, uow) => {
        await uow.run((r) => r.outbox.add([cancelled('a', 1), cancelled('b', 2)]));
        const first = await log.after(0, 10);
        const ids = first.map((e) => e.eventId);
        expect(new Set(ids).size).toBe(2);
        for (const id of ids) expect(id).toMatch(/^[0-9a-f-]{36}$/);
        expect((await log.after(0, 10)).map((e) => e.eventId)).toEqual(ids);
      }));

    it('keeps one cursor per destination that never moves back', () =>
      withLog(async (log) => {
        expect(await log.known('rabbitmq')).toBe(false);
        expect(await log.cursor('rabbitmq')).toBe(0);
        await log.confirm('rabbitmq', 5);
        await log.confirm('nats', 2);
        await log.confirm('rabbitmq', 3);
        expect(await log.known('rabbitmq')).toBe(true);
        expect(await log.cursor('rabbitmq')).toBe(5);
        await log.confirm('rabbitmq', 9);
        expect(await log.cursors()).toEqual({ nats: 2, rabbitmq: 9 });
      }));

    it('sees nothing of a transaction that rolled back', () =>
      withLog(async (log, uow) => {
        await uow.run(async (r) => {
          await r.outbox.add([cancelled('x', 1)]);
          throw new Error('refused');
        }).catch(() => {});
        expect(await log.after(0, 10)).toEqual([]);
      }));
  });
}

describe('SQLite', () => {
  let folder = '';
  let count = 0;
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'dealbot-outbox-log-'));
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));
  describeOutboxLog('sqlite', async () => {
    const database = await openDatabase(`sqlite:${join(folder, `log-${++count}.db`)}`);
    await migrateToLatest(database);
    return { database, close: () => database.close() };
  });
});

const postgresUp = await serviceAvailable(postgresService());

describe.skipIf(!postgresUp)('PostgreSQL', () => {
  const open = migratedPostgresSchema;
  describeOutboxLog('postgresql', open);

  it('hands out sequences in commit order: a reader never sees a later sequence while an earlier one is uncommitted', async () => {
    const { database, close } = await open();
    try {
      const uow = new SqlUnitOfWork(database);
      const log = new SqlOutboxLog(database.db);
      let release = (): void => {};
      const held = new Promise<void>((resolve) => (release = resolve));
      let firstAdded = (): void => {};
      const added = new Promise<void>((resolve) => (firstAdded = resolve));
      const first = uow.run(async (r) => {
        await r.outbox.add([cancelled('first', 1)]);
        firstAdded();
        await held;
      });
      await added;
      const second = uow.run((r) => r.outbox.add([cancelled('second', 2)]));
      // the second transaction would have committed by now if nothing ordered it behind the first
      await new Promise((resolve) => setTimeout(resolve, 300));
      const seen = await log.after(0, 10);
      release();
      expect(seen).toEqual([]);
      await Promise.all([first, second]);
      const all = await log.after(0, 10);
      expect(all.map((e) => e.event.type === 'DealCancelled' && e.event.dealId)).toEqual(['first', 'second']);
    } finally {
      await close();
    }
  });
});
