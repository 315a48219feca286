import { describe, expect, it } from 'vitest';
import { Deal } from '../../../src/domain/deal/deal.entity.js';
import type { DomainEvent } from '../../../src/domain/events.js';
import { Order } from '../../../src/domain/order/order.entity.js';
import { dec } from '../../../src/domain/shared/decimal.js';
import { FanoutPublisher } from '../../../src/infrastructure/events/fanout.publisher.js';
import { InMemoryUnitOfWork } from '../../../src/infrastructure/persistence/in-memory/in-memory.unit-of-work.js';

function acceptedDeal(id: string): Deal {
  const buy = Order.create({ clientOrderId: `dlb-${id}-b1`, dealId: id, symbol: 'BTC/USDT', side: 'buy', type: 'limit', price: dec('100'), amount: dec('2'), createdAt: 1_000 });
  const deal = Deal.open(id, buy, 1_000);
  buy.accept('x-1', 1_001);
  return deal;
}

/** A deal is saved through a unit of work over the repositories, or with saveDeal's direct write: the same outcome. */
const SAVES = [
  {
    way: 'run',
    save: async (uow: InMemoryUnitOfWork, deal: Deal): Promise<void> => {
      await uow.run(async (r) => {
        await r.deals.save(deal);
        await r.outbox.add(deal.pullEvents());
      });
    },
  },
  { way: 'saveDeal', save: (uow: InMemoryUnitOfWork, deal: Deal): Promise<void> => uow.saveDeal(deal) },
];

describe.each(SAVES)('in-memory unit of work with a publisher, saving by $way: the outbox holds what was not published', ({ save }) => {
  it('publishes the committed events in order and leaves the outbox empty', async () => {
    const publisher = new FanoutPublisher();
    const seen: DomainEvent[][] = [];
    publisher.subscribe((events) => void seen.push([...events]));
    const uow = new InMemoryUnitOfWork(undefined, publisher);
    await save(uow, acceptedDeal('d1'));
    expect(seen.map((batch) => batch.map((e) => e.type))).toEqual([['DealOpened', 'OrderPlaced']]);
    expect(await uow.read((r) => r.outbox.unpublished(10))).toEqual([]);
    expect((await uow.read((r) => r.deals.getById('d1')))?.buyOrder.status).toBe('open');
  });

  it.each([
    ['a listener rejects', async (): Promise<void> => Promise.reject(new Error('broker down'))],
    ['a listener throws', (): void => {
      throw new Error('broker down');
    }],
  ])('keeps the events in the outbox, with the deal committed, when publishing fails: %s', async (_, listener) => {
    const publisher = new FanoutPublisher();
    publisher.subscribe(listener);
    const uow = new InMemoryUnitOfWork(undefined, publisher);
    await expect(save(uow, acceptedDeal('d1'))).rejects.toThrow('broker down');
    const left = await uow.read((r) => r.outbox.unpublished(10));
    expect(left.map((row) => row.event.type)).toEqual(['DealOpened', 'OrderPlaced']);
    expect(left.map((row) => row.id)).toEqual([1, 2]);
    expect((await uow.read((r) => r.deals.getById('d1')))?.buyOrder.status).toBe('open');
  });

  it('without a publisher keeps every event in the outbox, numbered in order, with the deal and its orders', async () => {
    const uow = new InMemoryUnitOfWork();
    const deal = acceptedDeal('d1');
    await save(uow, deal);
    deal.buyOrder.applyFill({ tradeId: 't1', price: dec('100'), amount: dec('2'), fee: dec('0.2'), timestamp: 1_002 }, 1_002);
    await save(uow, deal);
    const left = await uow.read((r) => r.outbox.unpublished(10));
    expect(left.map((row) => [row.id, row.event.type])).toEqual([
      [1, 'DealOpened'],
      [2, 'OrderPlaced'],
      [3, 'OrderFilled'],
    ]);
    const stored = await uow.read((r) => r.deals.getById('d1'));
    expect(stored?.buyOrder.status).toBe('closed');
    expect(stored?.buyOrder.filled.toString()).toBe('2');
    expect(await uow.read((r) => r.orders.getById('dlb-d1-b1'))).not.toBeNull();
  });
});

describe('in-memory unit of work: a failed unit of work', () => {
  it('writes nothing, events included, when the work fails', async () => {
    const publisher = new FanoutPublisher();
    const seen: DomainEvent[] = [];
    publisher.subscribe((events) => void seen.push(...events));
    const uow = new InMemoryUnitOfWork(undefined, publisher);
    const deal = acceptedDeal('d1');
    await expect(
      uow.run(async (r) => {
        await r.deals.save(deal);
        await r.outbox.add(deal.pullEvents());
        throw new Error('work failed');
      }),
    ).rejects.toThrow('work failed');
    expect(seen).toEqual([]);
    expect(await uow.read((r) => r.outbox.unpublished(10))).toEqual([]);
    expect(await uow.read((r) => r.deals.getById('d1'))).toBeNull();
  });
});
