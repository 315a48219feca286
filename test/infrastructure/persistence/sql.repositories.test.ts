import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Deal } from '../../../src/domain/deal/deal.entity.js';
import { Order } from '../../../src/domain/order/order.entity.js';
import { dec } from '../../../src/domain/shared/decimal.js';
import { migrateToLatest, openDatabase, SqlUnitOfWork, type SqlDatabase } from '../../../src/infrastructure/persistence/sql/index.js';
import { describeRepositoryContract } from '../../contract/repositories.contract.js';
import { migratedPostgresSchema } from '../../support/migrated-postgres.js';
import { postgresService, serviceAvailable } from '../../support/services.js';

interface SqlHarness {
  readonly database: SqlDatabase;
  readonly uow: SqlUnitOfWork;
  close(): Promise<void>;
}

const order = (id: string, dealId: string, side: 'buy' | 'sell', at: number) =>
  Order.create({ clientOrderId: id, dealId, symbol: 'ETH/USDT', side, type: 'limit', price: dec('2500.5'), amount: dec('0.4'), createdAt: at });

/** What the contract does not pin down but the SQL adapters promise. */
function describeSqlDetails(name: string, make: () => Promise<SqlHarness>): void {
  describe(`SQL repository details: ${name}`, () => {
    const withDb = async (fn: (h: SqlHarness) => Promise<void>) => {
      const harness = await make();
      try {
        await fn(harness);
      } finally {
        await harness.close();
      }
    };

    it('stores money as the exact decimal text', () =>
      withDb(async ({ database, uow }) => {
        const buy = Order.create({ clientOrderId: 'b', dealId: 'x', symbol: 'ETH/USDT', side: 'buy', type: 'limit', price: dec('98765432109876543210.0123456789'), amount: dec('0.000000000000000001'), createdAt: 1 });
        await uow.run((r) => r.deals.save(Deal.open('x', buy, 1)));
        const row = await database.db.selectFrom('orders').select(['price', 'amount']).executeTakeFirstOrThrow();
        expect(row).toEqual({ price: '98765432109876543210.0123456789', amount: '0.000000000000000001' });
        await sql`update orders set amount = '1.50'`.execute(database.db);
        expect((await database.db.selectFrom('orders').select('amount').executeTakeFirstOrThrow()).amount).toBe('1.50');
      }));

    it('adds each fill once however often a deal is saved, in the order applied', () =>
      withDb(async ({ database, uow }) => {
        const buy = order('dlb-f-b1', 'f', 'buy', 1);
        const deal = Deal.open('f', buy, 1);
        buy.accept('x', 2);
        buy.applyFill({ tradeId: 'z-last-alphabetically', price: dec('2500.5'), amount: dec('0.1'), fee: dec('0.25'), timestamp: 3 }, 3);
        await uow.run((r) => r.deals.save(deal));
        buy.applyFill({ tradeId: 'a-first-alphabetically', price: dec('2500.5'), amount: dec('0.3'), fee: dec('0.75'), timestamp: 4 }, 4);
        await uow.run((r) => r.deals.save(deal));
        await uow.run((r) => r.deals.save(deal));
        const { count } = await database.db.selectFrom('fills').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
        expect(Number(count)).toBe(2);
        const read = await uow.run((r) => r.orders.getById('dlb-f-b1'));
        expect(read?.fills.map((f) => f.tradeId)).toEqual(['z-last-alphabetically', 'a-first-alphabetically']);
        expect(read?.status).toBe('closed');
      }));

    it('puts an order saved on its own after the orders its deal has', () =>
      withDb(async ({ uow }) => {
        const buy = order('dlb-p-b1', 'p', 'buy', 1);
        await uow.run((r) => r.deals.save(Deal.open('p', buy, 1)));
        await uow.run((r) => r.orders.save(order('dlb-p-s1', 'p', 'sell', 5)));
        await uow.run((r) => r.orders.save(order('dlb-p-s2', 'p', 'sell', 6)));
        await uow.run((r) => r.orders.save(order('dlb-p-s1', 'p', 'sell', 5)));
        expect((await uow.run((r) => r.orders.getAllByDeal('p'))).map((o) => o.id)).toEqual(['dlb-p-b1', 'dlb-p-s1', 'dlb-p-s2']);
        expect((await uow.run((r) => r.deals.getById('p')))?.orders.map((o) => o.id)).toEqual(['dlb-p-b1', 'dlb-p-s1', 'dlb-p-s2']);
      }));

    it('reads many deals with their orders in three queries, keeping each deal its own orders', () =>
      withDb(async ({ uow }) => {
        await uow.run(async (r) => {
          for (let i = 0; i < 300; i++) await r.deals.save(Deal.open(`m${String(i).padStart(3, '0')}`, order(`dlb-m${i}-b1`, `m${String(i).padStart(3, '0')}`, 'buy', 1_000 + (i % 7)), 1_000 + (i % 7)));
        });
        const deals = await uow.repositories.deals.getOpenDeals('ETH/USDT');
        expect(deals).toHaveLength(300);
        expect(deals.every((d) => d.orders.length === 1 && d.buyOrder.dealId === d.id)).toBe(true);
        expect(deals.map((d) => d.createdAt)).toEqual([...deals.map((d) => d.createdAt)].sort((a, b) => a - b));
      }));

    it('appends candles in batches and returns the last N oldest first', () =>
      withDb(async ({ uow }) => {
        const candles = Array.from({ length: 2_500 }, (_, i) => ({ openTime: i * 60_000, open: i + 0.5, high: i + 1.25, low: i, close: i + 0.75, volume: 0.1 * i }));
        await uow.run((r) => r.candles.append('ETH/USDT', '1m', candles));
        const last = await uow.run((r) => r.candles.getLast('ETH/USDT', '1m', 500));
        expect(last).toEqual(candles.slice(2_000));
        expect(await uow.run((r) => r.candles.getLast('ETH/USDT', '1m', 0))).toEqual([]);
      }));

    it('numbers outbox rows in order and stamps publication with the clock', () =>
      withDb(async ({ database }) => {
        const uow = new SqlUnitOfWork(database, () => 42_000);
        const deal = Deal.open('o', order('dlb-o-b1', 'o', 'buy', 1), 1);
        deal.buyOrder.accept('x', 2);
        await uow.run(async (r) => {
          await r.deals.save(deal);
          await r.outbox.add(deal.pullEvents());
        });
        const pending = await uow.run((r) => r.outbox.unpublished(1));
        expect(pending.map((e) => e.event.type)).toEqual(['DealOpened']);
        await uow.run((r) => r.outbox.markPublished(pending.map((e) => e.id)));
        const rows = await database.db.selectFrom('outbox').select(['id', 'type', 'published_at']).orderBy('id').execute();
        expect(rows.map((row) => [row.type, row.published_at])).toEqual([['DealOpened', 42_000], ['OrderPlaced', null]]);
        expect(rows[1]!.id).toBeGreaterThan(rows[0]!.id);
      }));

    it('refuses a unit of work started inside another instead of waiting for itself', () =>
      withDb(async ({ uow }) => {
        await expect(uow.run(() => uow.run(async () => 1))).rejects.toThrow(/inside another run/);
        expect(await uow.run(async () => 2)).toBe(2);
      }));
  });
}

describe('SQLite (file, WAL)', () => {
  let folder = '';
  let count = 0;
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'dealbot-sqlite-'));
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  const make = async (): Promise<SqlHarness> => {
    const database = await openDatabase(`sqlite:${join(folder, `repositories-${++count}.db`)}`);
    await migrateToLatest(database);
    return { database, uow: new SqlUnitOfWork(database), close: () => database.close() };
  };
  describeRepositoryContract('sqlite', make);
  describeSqlDetails('sqlite', make);
});

const postgresUp = await serviceAvailable(postgresService());

describe.skipIf(!postgresUp)('PostgreSQL (one schema per run)', () => {
  let pg: Awaited<ReturnType<typeof migratedPostgresSchema>> | undefined;
  beforeAll(async () => {
    pg = await migratedPostgresSchema();
  });
  afterAll(() => pg?.close());

  const make = async (): Promise<SqlHarness> => {
    const { database } = pg!;
    await sql`truncate currency_pairs, take_profit_targets, pauses, deals, orders, fills, candles, outbox, outbox_cursors, api_requests restart identity`.execute(database.db);
    return { database, uow: new SqlUnitOfWork(database), close: async () => {} };
  };
  describeRepositoryContract('postgresql', make);
  describeSqlDetails('postgresql', make);
});
