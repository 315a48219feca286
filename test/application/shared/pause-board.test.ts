import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PauseBoard } from '../../../src/application/shared/pause-board.js';
import type { UnitOfWork } from '../../../src/domain/ports/repositories.port.js';
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
});
