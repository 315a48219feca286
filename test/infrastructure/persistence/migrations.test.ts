import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CurrencyPair } from '../../../src/domain/currency-pair/currency-pair.entity.js';
import { Deal } from '../../../src/domain/deal/deal.entity.js';
import { dealToRow, fillsToRows, orderToRow } from '../../../src/infrastructure/persistence/sql/sql.rows.js';
import { dealToSnapshot } from '../../../src/domain/deal/deal.snapshot.js';
import { Order } from '../../../src/domain/order/order.entity.js';
import { dec } from '../../../src/domain/shared/decimal.js';
import { knownMigrations, migrateTo, migrateToLatest, migrationStatus, openDatabase, sqlRepositories, SqlUnitOfWork, type OpenDatabaseOptions } from '../../../src/infrastructure/persistence/sql/index.js';
import { createPostgresTestSchema, POSTGRES_TEST_URL, postgresService, serviceAvailable } from '../../support/services.js';

function boughtDeal(): Deal {
  const buy = Order.create({ clientOrderId: 'dlb-m1-b1', dealId: 'm1', symbol: 'BTC/USDT', side: 'buy', type: 'limit', price: dec('64000.10'), amount: dec('0.0015'), createdAt: 1_000 });
  const deal = Deal.open('m1', buy, 1_000);
  buy.accept('x-1', 1_001);
  buy.applyFill({ tradeId: 't1', price: dec('64000.1'), amount: dec('0.0005'), fee: dec('0.032'), timestamp: 1_002 }, 1_002);
  buy.applyFill({ tradeId: 't2', price: dec('63999.9'), amount: dec('0.001'), fee: dec('0.0639999'), timestamp: 1_003 }, 1_003);
  deal.markBought(Order.create({ clientOrderId: 'dlb-m1-s1', dealId: 'm1', symbol: 'BTC/USDT', side: 'sell', type: 'limit', price: dec('64640'), amount: dec('0.0015'), createdAt: 1_004 }), 1_004);
  return deal;
}

const pair = CurrencyPair.create({ symbol: 'BTC/USDT', orderLifeTime: 300, dealQuota: '100.25', profitMarkup: '0.01', dealCount: 2 });
const candle = { openTime: 60_000, open: 1.5, high: 2.25, low: 1.125, close: 2, volume: 10.5 };

/** An empty database of one dialect: where to open it (twice, to reopen it), and its removal. */
interface EmptyDatabase {
  readonly url: string;
  readonly options: OpenDatabaseOptions;
  remove(): Promise<void>;
}

function describeMigrations(name: string, empty: () => Promise<EmptyDatabase>): void {
  describe(`migrations on ${name}`, () => {
    it('a fresh database has every migration pending, and asking writes nothing', async () => {
      const target = await empty();
      const database = await openDatabase(target.url, target.options);
      try {
        expect(await migrationStatus(database)).toEqual({ applied: [], pending: knownMigrations() });
        const tables = await database.db.introspection.getTables({ withInternalKyselyTables: true });
        expect(tables.filter((t) => database.schema === null || t.schema === database.schema)).toEqual([]);
      } finally {
        await database.close();
        await target.remove();
      }
    });

    it('upgrades a database made by the first migration set, keeping its data', async () => {
      const target = await empty();
      const old = await openDatabase(target.url, target.options);
      expect(await migrateTo(old, '0001_initial')).toEqual(['0001_initial']);
      expect(await migrationStatus(old)).toEqual({ applied: ['0001_initial'], pending: knownMigrations().slice(1) });
      const deal = boughtDeal();
      await old.db.transaction().execute(async (trx) => {
        const repos = sqlRepositories(trx, () => 0, old.dialect);
        // the pair as the first dealbot wrote it: the 0001 columns, without exit rules (0007)
        await trx.insertInto('currency_pairs').values({ symbol: 'BTC/USDT', base: 'BTC', quote: 'USDT', order_life_time: 300, deal_quota: '100.25', profit_markup: '0.01', deal_count: 2 } as never).execute();
        await repos.candles.append('BTC/USDT', '1m', [candle]);
        // the deal as the first dealbot wrote it: rows of the 0001 schema, without later columns
        const snapshot = dealToSnapshot(deal);
        const { high_water_mark: _mark, recovered: _recovered, dust: _dust, take_profit_basis: _basis, bot: _bot, ...dealRow } = dealToRow(snapshot);
        await trx.insertInto('deals').values(dealRow as never).execute();
        for (const [position, order] of snapshot.orders.entries()) {
          const { stop_price: _stop, ...orderRow } = orderToRow(order, position);
          await trx.insertInto('orders').values(orderRow as never).execute();
          for (const { fee_currency: _currency, fee_quote: _quote, ...fill } of fillsToRows(order)) await trx.insertInto('fills').values(fill as never).execute();
        }
      });
      await old.close();

      const upgraded = await openDatabase(target.url, target.options);
      try {
        expect(await migrateToLatest(upgraded)).toEqual(knownMigrations().slice(1));
        expect(await migrationStatus(upgraded)).toEqual({ applied: knownMigrations(), pending: [] });
        expect(await migrateToLatest(upgraded)).toEqual([]);
        const uow = new SqlUnitOfWork(upgraded);
        const read = await uow.run((r) => r.deals.getById('m1'));
        expect(read && dealToSnapshot(read)).toEqual(dealToSnapshot(deal));
        expect(read?.buyOrder.fills.map((f) => f.fee.toString())).toEqual(['0.032', '0.0639999']);
        expect((await uow.run((r) => r.pairs.getBySymbol('BTC/USDT')))?.toProps()).toEqual(pair.toProps());
        expect(await uow.run((r) => r.candles.getLast('BTC/USDT', '1m', 10))).toEqual([candle]);
        await uow.run((r) => r.outbox.add(deal.pullEvents()));
        expect((await uow.run((r) => r.outbox.unpublished(10))).map((e) => e.event.type)).toEqual(['DealOpened', 'OrderPlaced', 'OrderFilled', 'OrderFilled', 'DealBought']);
      } finally {
        await upgraded.close();
        await target.remove();
      }
    });

    it('0014_bots: deals and pairs stored before it belong to the default bot; a named bot\'s are stored with their bot', async () => {
      const target = await empty();
      const old = await openDatabase(target.url, target.options);
      await migrateTo(old, '0012_dca');
      const deal = boughtDeal();
      await old.db.transaction().execute(async (trx) => {
        await trx.insertInto('currency_pairs').values({ symbol: 'BTC/USDT', base: 'BTC', quote: 'USDT', order_life_time: 300, deal_quota: '100.25', profit_markup: '0.01', deal_count: 2 } as never).execute();
        const { bot: _bot, ...dealRow } = dealToRow(dealToSnapshot(deal));
        await trx.insertInto('deals').values(dealRow as never).execute();
      });
      await old.close();
      const upgraded = await openDatabase(target.url, target.options);
      try {
        expect(await migrateToLatest(upgraded)).toContain('0014_bots');
        const uow = new SqlUnitOfWork(upgraded);
        expect((await uow.run((r) => r.deals.getById('m1')))?.bot).toBe('default');
        expect((await uow.run((r) => r.pairs.getBySymbol('BTC/USDT')))?.bot).toBe('default');
        const buy = Order.create({ clientOrderId: 'dlb-m2-b1', dealId: 'm2', symbol: 'ETH/USDT', side: 'buy', type: 'limit', price: dec('3000'), amount: dec('0.01'), createdAt: 2_000 });
        const named = Deal.open('m2', buy, 2_000, 'dca-majors');
        await uow.run(async (r) => {
          await r.deals.save(named);
          await r.pairs.save(CurrencyPair.create({ symbol: 'ETH/USDT', orderLifeTime: 300, dealQuota: '30', profitMarkup: '0.01', dealCount: 1, bot: 'dca-majors' }));
        });
        expect(dealToSnapshot((await uow.run((r) => r.deals.getById('m2')))!)).toEqual(dealToSnapshot(named));
        expect((await uow.run((r) => r.deals.page({ bot: 'dca-majors', limit: 10 }))).map((d) => d.id)).toEqual(['m2']);
        expect((await uow.run((r) => r.deals.page({ bot: 'default', limit: 10 }))).map((d) => d.id)).toEqual(['m1']);
        expect((await uow.run((r) => r.pairs.getBySymbol('ETH/USDT')))?.bot).toBe('dca-majors');
      } finally {
        await upgraded.close();
        await target.remove();
      }
    });
  });
}

let folder = '';
let files = 0;
beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'dealbot-migrations-'));
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describeMigrations('SQLite', async () => ({ url: `sqlite:${join(folder, `m-${++files}.db`)}`, options: {}, remove: async () => {} }));

const postgresUp = await serviceAvailable(postgresService());

describe.skipIf(!postgresUp)('PostgreSQL', () => {
  describeMigrations('PostgreSQL', async () => {
    const { schema, drop } = await createPostgresTestSchema();
    return { url: POSTGRES_TEST_URL, options: { schema }, remove: drop };
  });
});
