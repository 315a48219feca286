import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PauseBoard } from '../../../src/application/shared/pause-board.js';
import type { Repositories, UnitOfWork } from '../../../src/domain/ports/repositories.port.js';
import { SimulatedClock } from '../../../src/infrastructure/clock/simulated.clock.js';
import { migrateToLatest, openDatabase, SqlUnitOfWork, type SqlDatabase } from '../../../src/infrastructure/persistence/sql/index.js';

const HOUR = 3_600_000;

describe('PauseBoard written through to a SQLite file', () => {
  let folder = '';
  let count = 0;
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'dealbot-pauses-'));
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  /** Opens the same file again and again, as restarts do. */
  const fileStore = () => {
    const file = `sqlite:${join(folder, `pauses-${++count}.db`)}`;
    return async (): Promise<{ uow: UnitOfWork; database: SqlDatabase }> => {
      const database = await openDatabase(file);
      await migrateToLatest(database);
      return { uow: new SqlUnitOfWork(database), database };
    };
  };

  it('keeps pauses across a restart; a pause that ended while down is gone, from the file too', async () => {
    const open = fileStore();
    const clock = new SimulatedClock(10 * HOUR);
    const first = await open();
    const board = new PauseBoard({ uow: first.uow, clock });
    await board.pause('ETH/USDT', 11 * HOUR, 'panic_sell');
    await board.pause('BTC/USDT', 13 * HOUR, 'maintenance');
    await board.pause(null, null, 'paused by the operator');
    await first.database.close();

    const second = await open();
    const later = new PauseBoard({ uow: second.uow, clock });
    await later.load(12 * HOUR);
    expect(later.list(12 * HOUR)).toEqual([
      { symbol: null, until: null, reason: 'paused by the operator' },
      { symbol: 'BTC/USDT', until: 13 * HOUR, reason: 'maintenance' },
    ]);
    expect((await second.uow.read((r) => r.pauses.getAll())).map((p) => [p.symbol, p.createdAt])).toEqual([
      [null, 10 * HOUR],
      ['BTC/USDT', 10 * HOUR],
    ]);
    expect(await later.resume(null)).toBe(true);
    await second.database.close();

    const third = await open();
    const empty = new PauseBoard({ uow: third.uow, clock });
    await empty.load(12 * HOUR);
    expect(empty.list(12 * HOUR)).toEqual([]);
    expect(await third.uow.read((r) => r.pauses.getAll())).toEqual([]);
    await third.database.close();
  });

  it('stores the longer pause only, and a resumed pair stays resumed after a restart', async () => {
    const open = fileStore();
    const clock = new SimulatedClock(0);
    const first = await open();
    const board = new PauseBoard({ uow: first.uow, clock });
    await board.pause('ETH/USDT', null, 'operator');
    expect(await board.pause('ETH/USDT', 5 * HOUR, 'panic_sell')).toEqual({ symbol: 'ETH/USDT', until: null, reason: 'operator' });
    await board.pause('BTC/USDT', HOUR, 'panic_sell');
    expect(await board.resume('BTC/USDT')).toBe(true);
    expect(await board.resume('BTC/USDT')).toBe(false);
    await first.database.close();
    const second = await open();
    const later = new PauseBoard({ uow: second.uow, clock });
    await later.load(0);
    expect(later.list(0)).toEqual([{ symbol: 'ETH/USDT', until: null, reason: 'operator' }]);
    expect(later.of('ETH/USDT', 0)?.reason).toBe('operator');
    expect(later.of('BTC/USDT', 0)).toBeNull();
    await later.pause(null, HOUR, 'all');
    expect(later.of('BTC/USDT', 0)?.reason).toBe('all');
    expect(later.of('BTC/USDT', HOUR)).toBeNull();
    await second.database.close();
  });

  it('changes nothing when the write fails', async () => {
    const open = fileStore();
    const clock = new SimulatedClock(0);
    const { uow, database } = await open();
    const board = new PauseBoard({ uow, clock });
    await board.pause('ETH/USDT', null, 'operator');
    await database.close();
    await expect(board.pause('BTC/USDT', null, 'operator')).rejects.toThrow();
    await expect(board.resume('ETH/USDT')).rejects.toThrow();
    expect(board.list(0)).toEqual([{ symbol: 'ETH/USDT', until: null, reason: 'operator' }]);
    expect(board.isPaused('BTC/USDT', 0)).toBe(false);
  });

  it('stores a TradingPaused / TradingResumed event in the outbox with each change, in its one transaction', async () => {
    const { uow, database } = await fileStore()();
    const clock = new SimulatedClock(10 * HOUR);
    const writes: string[][] = [];
    /** Records which writes each transaction made. */
    const watched: UnitOfWork = {
      ...uow,
      read: (work) => uow.read(work),
      saveDeal: (deal) => uow.saveDeal(deal),
      saveDeals: (deals) => uow.saveDeals(deals),
      run: (work) =>
        uow.run((r) => {
          const seen: string[] = [];
          writes.push(seen);
          const note = <T extends object>(name: string, repo: T): T => new Proxy(repo, { get: (target, key) => (typeof key === 'string' && ['save', 'delete', 'clear', 'add'].includes(key) ? (...args: unknown[]) => (seen.push(`${name}.${key}`), (target as Record<string, (...a: unknown[]) => unknown>)[key]!(...args)) : Reflect.get(target, key)) });
          return work({ ...r, pauses: note('pauses', r.pauses), outbox: note('outbox', r.outbox) } as Repositories);
        }),
    };
    const board = new PauseBoard({ uow: watched, clock });
    await board.pause('ETH/USDT', 11 * HOUR, 'panic_sell');
    await board.pause('ETH/USDT', 10 * HOUR, 'shorter: changes nothing');
    await board.resume('ETH/USDT');
    await board.pause(null, null, 'operator');
    await board.resume(null);
    expect(writes).toEqual([['pauses.save', 'outbox.add'], ['pauses.delete', 'outbox.add'], ['pauses.save', 'outbox.add'], ['pauses.clear', 'outbox.add']]);
    const events = await uow.read((r) => r.outbox.unpublished(10));
    expect(events.map((e) => e.event)).toEqual([
      { type: 'TradingPaused', occurredAt: 10 * HOUR, symbol: 'ETH/USDT', until: 11 * HOUR, reason: 'panic_sell' },
      { type: 'TradingResumed', occurredAt: 10 * HOUR, symbol: 'ETH/USDT' },
      { type: 'TradingPaused', occurredAt: 10 * HOUR, symbol: null, until: null, reason: 'operator' },
      { type: 'TradingResumed', occurredAt: 10 * HOUR, symbol: null },
    ]);
    await database.close();
  });

  it('a resume that lifts nothing stores no event', async () => {
    const { uow, database } = await fileStore()();
    const board = new PauseBoard({ uow, clock: new SimulatedClock(0) });
    await board.pause('ETH/USDT', null, 'operator');
    expect(await board.resume('BTC/USDT')).toBe(false);
    expect(await board.resume(null)).toBe(true);
    expect(await board.resume(null)).toBe(false);
    expect((await uow.read((r) => r.outbox.unpublished(10))).map((e) => [e.event.type, 'symbol' in e.event ? e.event.symbol : undefined])).toEqual([
      ['TradingPaused', 'ETH/USDT'],
      ['TradingResumed', null],
    ]);
    await database.close();
  });

  it('a transaction that rolls back loses the pause and its event together', async () => {
    const { uow, database } = await fileStore()();
    let fail = true;
    /** Does the work, then (while `fail`) throws before the commit. */
    const failing: UnitOfWork = {
      run: (work) =>
        uow.run(async (r) => {
          const result = await work(r);
          if (fail) throw new Error('disk full');
          return result;
        }),
      read: (work) => uow.read(work),
      saveDeal: (deal) => uow.saveDeal(deal),
      saveDeals: (deals) => uow.saveDeals(deals),
    };
    const board = new PauseBoard({ uow: failing, clock: new SimulatedClock(0) });
    await expect(board.pause('ETH/USDT', null, 'operator')).rejects.toThrow('disk full');
    expect(await uow.read((r) => r.pauses.getAll())).toEqual([]);
    expect(await uow.read((r) => r.outbox.unpublished(10))).toEqual([]);
    expect(board.isPaused('ETH/USDT', 0)).toBe(false);

    fail = false;
    await board.pause('ETH/USDT', null, 'operator');
    const stored = await uow.read((r) => r.outbox.unpublished(10));
    expect(stored).toHaveLength(1);
    fail = true;
    await expect(board.resume('ETH/USDT')).rejects.toThrow('disk full');
    expect(await uow.read((r) => r.pauses.getAll())).toHaveLength(1);
    expect(await uow.read((r) => r.outbox.unpublished(10))).toEqual(stored);
    expect(board.isPaused('ETH/USDT', 0)).toBe(true);
    await database.close();
  });
});
