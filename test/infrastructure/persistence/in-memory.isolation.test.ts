import { describe, expect, it } from 'vitest';
import { Deal } from '../../../src/domain/deal/deal.entity.js';
import { dealToSnapshot } from '../../../src/domain/deal/deal.snapshot.js';
import { Order } from '../../../src/domain/order/order.entity.js';
import { dec } from '../../../src/domain/shared/decimal.js';
import { InMemoryUnitOfWork } from '../../../src/infrastructure/persistence/in-memory/in-memory.unit-of-work.js';

function pendingDeal(id: string): Deal {
  const buy = Order.create({ clientOrderId: `dlb-${id}-b1`, dealId: id, symbol: 'BTC/USDT', side: 'buy', type: 'limit', price: dec('100'), amount: dec('2'), createdAt: 1_000 });
  return Deal.open(id, buy, 1_000);
}

describe('in-memory rows keep state records, not live entities', () => {
  it('a saved deal does not follow later changes of the entity, and a read one is its own', async () => {
    const uow = new InMemoryUnitOfWork();
    const deal = pendingDeal('d1');
    await uow.run((r) => r.deals.save(deal));
    const saved = dealToSnapshot(deal);
    deal.buyOrder.accept('x-1', 1_001);
    deal.buyOrder.applyFill({ tradeId: 't1', price: dec('100'), amount: dec('2'), fee: dec('0.2'), timestamp: 1_002 }, 1_002);
    const sell = Order.create({ clientOrderId: 'dlb-d1-s1', dealId: 'd1', symbol: 'BTC/USDT', side: 'sell', type: 'limit', price: dec('101'), amount: dec('2'), createdAt: 1_003 });
    deal.markBought(sell, 1_003);
    const read = await uow.read((r) => r.deals.getById('d1'));
    expect(read && dealToSnapshot(read)).toEqual(saved);

    read?.buyOrder.cancel(1_004, 'changed after reading');
    expect(dealToSnapshot((await uow.read((r) => r.deals.getById('d1'))) as Deal)).toEqual(saved);
    const order = await uow.read((r) => r.orders.getById('dlb-d1-b1'));
    order?.accept('x-2', 1_005);
    expect((await uow.read((r) => r.orders.getById('dlb-d1-b1')))?.status).toBe('new');

    await uow.run((r) => r.deals.save(deal));
    const again = await uow.read((r) => r.deals.getById('d1'));
    expect(again && dealToSnapshot(again)).toEqual(dealToSnapshot(deal));
    expect(again?.buyOrder.cost.toString()).toBe('200');
    expect(again?.buyOrder).not.toBe(deal.buyOrder);
  });

  it('a failed unit of work leaves the rows it wrote behind it, not in the store', async () => {
    const uow = new InMemoryUnitOfWork();
    const deal = pendingDeal('d2');
    await uow.run((r) => r.deals.save(deal));
    deal.buyOrder.accept('x-1', 1_001);
    await expect(
      uow.run(async (r) => {
        await r.deals.save(deal);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect((await uow.read((r) => r.orders.getById('dlb-d2-b1')))?.status).toBe('new');
    expect((await uow.read((r) => r.orders.getNonFinal())).map((o) => o.status)).toEqual(['new']);
  });

  it('the unit of work after a failed one starts empty, and units of work that overlap never see each other\'s uncommitted writes', async () => {
    const uow = new InMemoryUnitOfWork();
    await expect(
      uow.run(async (r) => {
        await r.deals.save(pendingDeal('lost'));
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await uow.run(async (r) => {
      expect(await r.deals.getById('lost')).toBeNull();
      await r.deals.save(pendingDeal('kept'));
    });
    expect((await uow.read((r) => r.deals.getAll())).map((d) => d.id)).toEqual(['kept']);

    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const first = uow.run(async (r) => {
      await r.deals.save(pendingDeal('first'));
      await gate; // the second commits meanwhile (reads see committed rows)
      expect(await r.deals.getById('first')).not.toBeNull();
      throw new Error('first fails');
    });
    await uow.run(async (r) => {
      expect(await r.deals.getById('first')).toBeNull();
      await r.deals.save(pendingDeal('second'));
    });
    release();
    await expect(first).rejects.toThrow('first fails');
    await uow.run(async (r) => expect((await r.deals.getAll()).map((d) => d.id)).toEqual(['kept', 'second']));
  });
});
