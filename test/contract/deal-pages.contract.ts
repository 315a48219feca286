import { describe, expect, it } from 'vitest';
import { Deal } from '../../src/domain/deal/deal.entity.js';
import { Order } from '../../src/domain/order/order.entity.js';
import { dec } from '../../src/domain/shared/decimal.js';
import type { RepositoryHarness } from './harness.js';

function pendingDeal(id: string, symbol: string, at: number): Deal {
  const buy = Order.create({ clientOrderId: `dlb-${id}-b1`, dealId: id, symbol, side: 'buy', type: 'limit', price: dec('100'), amount: dec('1'), createdAt: at });
  return Deal.open(id, buy, at);
}

/** A deal bought at 100 and sold at `sellPrice`: closed with PnL sellPrice - 100 (no fees). */
function closedDeal(id: string, symbol: string, at: number, sellPrice: string): Deal {
  const deal = pendingDeal(id, symbol, at);
  deal.buyOrder.accept(`x-${id}`, at + 1);
  deal.buyOrder.applyFill({ tradeId: `${id}-t1`, price: dec('100'), amount: dec('1'), fee: dec('0'), timestamp: at + 2 }, at + 2);
  const sell = Order.create({ clientOrderId: `dlb-${id}-s1`, dealId: id, symbol, side: 'sell', type: 'limit', price: dec(sellPrice), amount: dec('1'), createdAt: at + 3 });
  deal.markBought(sell, at + 3);
  sell.accept(`x-${id}-s`, at + 4);
  sell.applyFill({ tradeId: `${id}-t2`, price: dec(sellPrice), amount: dec('1'), fee: dec('0'), timestamp: at + 5 }, at + 5);
  deal.close(at + 5);
  return deal;
}

/** Pages of deals (the API's list) and the tally (its metrics), read without loading every deal. */
export function describeDealPagesContract(name: string, make: () => Promise<RepositoryHarness>): void {
  describe(`deal pages contract: ${name}`, () => {
    const withDeals = async (fn: (h: RepositoryHarness) => Promise<void>): Promise<void> => {
      const harness = await make();
      try {
        // two deals share a creation time: the id orders them
        const deals = [
          closedDeal('a', 'BTC/USDT', 1_000, '100.000000000000000001'),
          pendingDeal('c', 'ETH/USDT', 2_000),
          pendingDeal('b', 'BTC/USDT', 2_000),
          closedDeal('d', 'ETH/USDT', 3_000, '99.5'),
          closedDeal('e', 'BTC/USDT', 4_000, '102.25'),
        ];
        await harness.uow.run(async (r) => {
          for (const d of deals) await r.deals.save(d);
        });
        await fn(harness);
      } finally {
        await harness.close();
      }
    };
    const ids = (deals: readonly Deal[]): string[] => deals.map((d) => d.id);

    it('a page holds at most limit deals, oldest first (id breaks a tie), each with its orders and fills', () =>
      withDeals(async ({ uow }) => {
        const page = await uow.read((r) => r.deals.page({ limit: 3 }));
        expect(ids(page)).toEqual(['a', 'b', 'c']);
        expect(page[0]?.orders.map((o) => [o.id, o.fills.length])).toEqual([
          ['dlb-a-b1', 1],
          ['dlb-a-s1', 1],
        ]);
        expect(page[0]?.pnl?.toString()).toBe('0.000000000000000001');
      }));

    it('the cursor goes on after the given deal, through a tie of creation times', () =>
      withDeals(async ({ uow }) => {
        expect(ids(await uow.read((r) => r.deals.page({ limit: 2, after: { createdAt: 2_000, id: 'b' } })))).toEqual(['c', 'd']);
        expect(ids(await uow.read((r) => r.deals.page({ limit: 10, after: { createdAt: 4_000, id: 'e' } })))).toEqual([]);
      }));

    it('filters by pair, status and creation time (from inclusive, to exclusive), together', () =>
      withDeals(async ({ uow }) => {
        expect(ids(await uow.read((r) => r.deals.page({ limit: 10, symbol: 'BTC/USDT' })))).toEqual(['a', 'b', 'e']);
        expect(ids(await uow.read((r) => r.deals.page({ limit: 10, status: 'closed' })))).toEqual(['a', 'd', 'e']);
        expect(ids(await uow.read((r) => r.deals.page({ limit: 10, from: 2_000, to: 4_000 })))).toEqual(['b', 'c', 'd']);
        expect(ids(await uow.read((r) => r.deals.page({ limit: 10, symbol: 'BTC/USDT', status: 'closed', from: 1_001 })))).toEqual(['e']);
      }));

    it('filters by bot: a named bot\'s deals, or the default bot\'s (the deals that name none), each read back with its bot', async () => {
      const harness = await make();
      try {
        const buy = Order.create({ clientOrderId: 'dlb-n-b1', dealId: 'n', symbol: 'SOL/USDT', side: 'buy', type: 'limit', price: dec('100'), amount: dec('1'), createdAt: 500 });
        await harness.uow.run(async (r) => {
          await r.deals.save(pendingDeal('m', 'BTC/USDT', 400));
          await r.deals.save(Deal.open('n', buy, 500, 'alts'));
        });
        const alts = await harness.uow.read((r) => r.deals.page({ limit: 10, bot: 'alts' }));
        expect(alts.map((d) => [d.id, d.bot])).toEqual([['n', 'alts']]);
        expect(ids(await harness.uow.read((r) => r.deals.page({ limit: 10, bot: 'default' })))).toEqual(['m']);
        expect((await harness.uow.read((r) => r.deals.getById('n')))?.bot).toBe('alts');
      } finally {
        await harness.close();
      }
    });

    it('tallies deals by pair and status with the closed ones` PnL summed exactly, and orders by status', () =>
      withDeals(async ({ uow }) => {
        const tally = await uow.read((r) => r.deals.tally());
        expect(tally.deals.map((t) => [t.symbol, t.status, t.count, t.pnl?.toString() ?? null])).toEqual([
          ['BTC/USDT', 'closed', 2, '2.250000000000000001'],
          ['BTC/USDT', 'pending', 1, null],
          ['ETH/USDT', 'closed', 1, '-0.5'],
          ['ETH/USDT', 'pending', 1, null],
        ]);
        expect(tally.orders.map((t) => [t.status, t.count])).toEqual([
          ['closed', 6],
          ['new', 2],
        ]);
      }));
  });
}
