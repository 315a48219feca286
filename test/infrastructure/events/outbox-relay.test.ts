import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Deal } from '../../../src/domain/deal/deal.entity.js';
import type { DomainEvent } from '../../../src/domain/events.js';
import { RelayingUnitOfWork } from '../../../src/infrastructure/events/outbox-relay.js';
import { migrateToLatest, openDatabase, SqlUnitOfWork } from '../../../src/infrastructure/persistence/sql/index.js';
import { buyOrder } from '../../domain/deal/deal-fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'dealbot-outbox-relay-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cancelled = (dealId: string): DomainEvent => ({ type: 'DealCancelled', occurredAt: 1, dealId, symbol: 'ETH/USDT', reason: 'buy expired' });

describe('RelayingUnitOfWork', () => {
  it('publishes each committed event once when commits and their drains overlap', async () => {
    const database = await openDatabase(`sqlite:${join(dir, 'relay.db')}`);
    try {
      await migrateToLatest(database);
      const published: string[] = [];
      // a publisher that takes its time, as the API's and the console's do: drains overlap
      const publisher = {
        async publish(events: readonly DomainEvent[]) {
          await new Promise((resolve) => setTimeout(resolve, 5));
          for (const event of events) if (event.type === 'DealCancelled') published.push(event.dealId);
        },
      };
      const uow = new RelayingUnitOfWork(new SqlUnitOfWork(database), publisher);
      const ids = Array.from({ length: 20 }, (_, i) => `d${i}`);
      await Promise.all(ids.map((id) => uow.run((r) => r.outbox.add([cancelled(id)]))));
      expect([...published].sort()).toEqual([...ids].sort());
      // each run resolved only after its own events were published
      await uow.run((r) => r.outbox.add([cancelled('last')]));
      expect(published.at(-1)).toBe('last');
    } finally {
      await database.close();
    }
  });
});

describe('RelayingUnitOfWork.saveDeals: the write-ahead commit before a tick buys', () => {
  it('resolves once committed, without waiting for the publisher; its events go out after, and a failed drain leaves them for the next', async () => {
    const database = await openDatabase(`sqlite:${join(dir, 'save-deals.db')}`);
    try {
      await migrateToLatest(database);
      const published: string[] = [];
      let gate: () => void = () => {};
      let failNext = true;
      const publisher = {
        async publish(events: readonly DomainEvent[]) {
          await new Promise<void>((resolve) => (gate = resolve));
          if (failNext) {
            failNext = false;
            throw new Error('broker down');
          }
          for (const event of events) published.push(event.type);
        },
      };
      let commits = 0;
      const uow = new RelayingUnitOfWork(new SqlUnitOfWork(database), publisher, () => (commits += 1));
      await uow.saveDeals([Deal.open('d1', buyOrder('d1'), 1_000)]);
      // committed and told, the publisher still holding the first drain
      expect(commits).toBe(1);
      expect(published).toEqual([]);
      expect((await uow.read((r) => r.deals.getAll())).map((d) => d.id)).toEqual(['d1']);
      gate(); // the first drain fails: nothing lost
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(await uow.read((r) => r.outbox.unpublished(10))).toHaveLength(1);
      const next = uow.drain();
      await new Promise((resolve) => setTimeout(resolve, 10));
      gate();
      expect(await next).toBe(1);
      expect(published).toEqual(['DealOpened']);
    } finally {
      await database.close();
    }
  });
});
