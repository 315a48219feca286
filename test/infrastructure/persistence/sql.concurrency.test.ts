import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase, SqlUnitOfWork } from '../../../src/infrastructure/persistence/sql/index.js';
import { Deal } from '../../../src/domain/deal/deal.entity.js';
import { Order } from '../../../src/domain/order/order.entity.js';
import { dec } from '../../../src/domain/shared/decimal.js';

const src = (path: string) => pathToFileURL(join(import.meta.dirname, '../../../src', path)).href;

/**
 * A writer on its own thread and connection: `count` transactions, each a new deal with its
 * outbox rows, through openDatabase and SqlUnitOfWork as the bot would write them.
 */
const WRITER = `
const { parentPort, workerData } = require('node:worker_threads');
(async () => {
  (await import('tsx/esm/api')).register();
  const { openDatabase, SqlUnitOfWork } = await import(workerData.sql);
  const { Deal } = await import(workerData.deal);
  const { Order } = await import(workerData.order);
  const { dec } = await import(workerData.decimal);
  const database = await openDatabase(workerData.url);
  const uow = new SqlUnitOfWork(database);
  for (let i = 0; i < workerData.count; i++) {
    const id = workerData.prefix + i;
    const buy = Order.create({ clientOrderId: 'dlb-' + id + '-b1', dealId: id, symbol: 'BTC/USDT', side: 'buy', type: 'limit', price: dec('100.5'), amount: dec('0.01'), createdAt: i });
    const deal = Deal.open(id, buy, i);
    await uow.run(async (r) => {
      await r.deals.save(deal);
      await r.outbox.add(deal.pullEvents());
    });
  }
  await database.close();
  parentPort.postMessage({ done: true });
})().catch((error) => parentPort.postMessage({ error: String((error && error.stack) || error) }));
`;

function startWriter(url: string, prefix: string, count: number): Promise<void> {
  const workerData = {
    url,
    prefix,
    count,
    sql: src('infrastructure/persistence/sql/index.ts'),
    deal: src('domain/deal/deal.entity.ts'),
    order: src('domain/order/order.entity.ts'),
    decimal: src('domain/shared/decimal.ts'),
  };
  const worker = new Worker(WRITER, { eval: true, workerData });
  return new Promise((resolve, reject) => {
    worker.once('message', (message: { done?: true; error?: string }) => (message.error ? reject(new Error(message.error)) : resolve()));
    worker.once('error', reject);
    worker.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`writer exited with ${code}`))));
  });
}

const nextTick = () => new Promise((resolve) => setImmediate(resolve));

describe('SQLite under concurrent connections (WAL + busy timeout)', () => {
  let folder = '';
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'dealbot-concurrency-'));
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('reads in a loop while another connection commits 500 transactions: no "database is locked"', async () => {
    const url = `sqlite:${join(folder, 'reads.db')}`;
    const reader = await openDatabase(url);
    await migrateToLatest(reader);
    const uow = new SqlUnitOfWork(reader);
    let finished = false;
    const writer = startWriter(url, 'w', 500).finally(() => {
      finished = true;
    });
    const seen: number[] = [];
    try {
      while (!finished) {
        const open = await uow.repositories.deals.getOpenDeals('BTC/USDT');
        const events = await uow.repositories.outbox.unpublished(10_000);
        expect(events.length).toBeGreaterThanOrEqual(open.length); // each committed deal came with its event
        seen.push(open.length);
        await nextTick();
      }
      await writer;
      expect(new Set(seen).size).toBeGreaterThan(10); // the reads really ran while the writes committed
      expect(seen).toEqual([...seen].sort((a, b) => a - b)); // every read saw a committed prefix
      expect(await uow.repositories.deals.getAll()).toHaveLength(500);
    } finally {
      await reader.close();
    }
  });

  it('two connections writing at once both commit everything', async () => {
    const url = `sqlite:${join(folder, 'writes.db')}`;
    const main = await openDatabase(url);
    await migrateToLatest(main);
    const uow = new SqlUnitOfWork(main);
    try {
      const other = startWriter(url, 'other-', 200);
      for (let i = 0; i < 200; i++) {
        const buy = Order.create({ clientOrderId: `dlb-main-${i}-b1`, dealId: `main-${i}`, symbol: 'ETH/USDT', side: 'buy', type: 'limit', price: dec('10'), amount: dec('1'), createdAt: i });
        const deal = Deal.open(`main-${i}`, buy, i);
        await uow.run(async (r) => {
          await r.deals.getOpenDeals('ETH/USDT');
          await r.deals.save(deal);
          await r.outbox.add(deal.pullEvents());
        });
        await nextTick();
      }
      await other;
      expect(await uow.repositories.deals.getAll()).toHaveLength(400);
      expect(await uow.repositories.outbox.unpublished(1_000)).toHaveLength(400);
    } finally {
      await main.close();
    }
  });
});
