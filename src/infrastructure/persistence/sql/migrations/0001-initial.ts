import type { Kysely, Migration } from 'kysely';
import { columnTypes, type SqlDialect } from './column-types.js';

/** Pairs, deals, their orders and fills, and candles. */
export function initialMigration(dialect: SqlDialect): Migration {
  const t = columnTypes(dialect);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('currency_pairs')
        .addColumn('symbol', t.key, (c) => c.primaryKey())
        .addColumn('base', 'text', (c) => c.notNull())
        .addColumn('quote', 'text', (c) => c.notNull())
        .addColumn('order_life_time', 'integer', (c) => c.notNull())
        .addColumn('deal_quota', t.money, (c) => c.notNull())
        .addColumn('profit_markup', t.money, (c) => c.notNull())
        .addColumn('deal_count', 'integer', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('deals')
        .addColumn('id', t.key, (c) => c.primaryKey())
        .addColumn('symbol', t.key, (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('created_at', t.time, (c) => c.notNull())
        .addColumn('closed_at', t.time)
        .addColumn('pnl', t.money)
        .addColumn('reason', 'text')
        .execute();
      await db.schema.createIndex('deals_by_status').on('deals').columns(['status', 'created_at', 'id']).execute();
      await db.schema.createIndex('deals_by_symbol').on('deals').columns(['symbol', 'created_at', 'id']).execute();

      await db.schema
        .createTable('orders')
        .addColumn('client_order_id', t.key, (c) => c.primaryKey())
        .addColumn('deal_id', t.key, (c) => c.notNull().references('deals.id').onDelete('cascade'))
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('exchange_order_id', 'text')
        .addColumn('symbol', t.key, (c) => c.notNull())
        .addColumn('side', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('price', t.money)
        .addColumn('amount', t.money, (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('created_at', t.time, (c) => c.notNull())
        .addColumn('updated_at', t.time, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('orders_by_deal').on('orders').columns(['deal_id', 'position']).execute();
      await db.schema.createIndex('orders_by_status').on('orders').columns(['status', 'created_at']).execute();
      await db.schema.createIndex('orders_by_exchange_id').on('orders').column('exchange_order_id').execute();

      await db.schema
        .createTable('fills')
        .addColumn('client_order_id', t.key, (c) => c.notNull().references('orders.client_order_id').onDelete('cascade'))
        .addColumn('trade_id', t.key, (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('price', t.money, (c) => c.notNull())
        .addColumn('amount', t.money, (c) => c.notNull())
        .addColumn('fee', t.money, (c) => c.notNull())
        .addColumn('traded_at', t.time, (c) => c.notNull())
        .addPrimaryKeyConstraint('fills_pk', ['client_order_id', 'trade_id'])
        .execute();

      await db.schema
        .createTable('candles')
        .addColumn('symbol', t.key, (c) => c.notNull())
        .addColumn('timeframe', 'text', (c) => c.notNull())
        .addColumn('open_time', t.time, (c) => c.notNull())
        .addColumn('open', t.float, (c) => c.notNull())
        .addColumn('high', t.float, (c) => c.notNull())
        .addColumn('low', t.float, (c) => c.notNull())
        .addColumn('close', t.float, (c) => c.notNull())
        .addColumn('volume', t.float, (c) => c.notNull())
        .addPrimaryKeyConstraint('candles_pk', ['symbol', 'timeframe', 'open_time'])
        .execute();
    },

    async down(db: Kysely<unknown>): Promise<void> {
      for (const table of ['candles', 'fills', 'orders', 'deals', 'currency_pairs']) await db.schema.dropTable(table).execute();
    },
  };
}
