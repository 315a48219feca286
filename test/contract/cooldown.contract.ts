import { describe, expect, it } from 'vitest';
import { CurrencyPair } from '../../src/domain/currency-pair/currency-pair.entity.js';
import { Deal } from '../../src/domain/deal/deal.entity.js';
import { Order } from '../../src/domain/order/order.entity.js';
import { dec } from '../../src/domain/shared/decimal.js';
import { harnessRunner, type RepositoryHarness } from './harness.js';

const T = Date.UTC(2024, 5, 1);

function buy(id: string, symbol: string, at: number): Order {
  return Order.create({ clientOrderId: `dlb-${id}-b1`, dealId: id, symbol, side: 'buy', type: 'limit', price: dec('100'), amount: dec('1'), createdAt: at });
}

/** A deal cancelled unfilled at `endedAt`, or left pending when null. */
function deal(id: string, symbol: string, endedAt: number | null): Deal {
  const opened = Deal.open(id, buy(id, symbol, T), T);
  if (endedAt === null) return opened;
  opened.buyOrder.cancel(endedAt, 'test');
  opened.cancel('test', endedAt);
  return opened;
}

/** What a pair's cooldown between deals needs from a store: the pair's setting, and when its latest deal ended. */
export function describeCooldownContract(name: string, make: () => Promise<RepositoryHarness>): void {
  const withRepos = harnessRunner(make);
  describe(`repository contract, deal cooldown: ${name}`, () => {
    it('lastEnded gives each pair the latest end of its final deals, in ms; working deals and pairs without an ended deal are absent', () =>
      withRepos(async ({ uow }) => {
        expect(await uow.read((r) => r.deals.lastEnded())).toEqual(new Map());
        await uow.run(async (r) => {
          for (const d of [deal('a', 'BTC/USDT', T + 5_000), deal('b', 'BTC/USDT', T + 90_061_001), deal('c', 'BTC/USDT', T + 7_000), deal('d', 'ETH/USDT', null), deal('e', 'SOL/USDT', T + 1)]) await r.deals.save(d);
        });
        expect(await uow.read((r) => r.deals.lastEnded())).toEqual(
          new Map([
            ['BTC/USDT', T + 90_061_001],
            ['SOL/USDT', T + 1],
          ]),
        );
      }));

    it("keeps a pair's cooldownMinutes, fractions included, and none when it has none", () =>
      withRepos(async ({ uow }) => {
        const props = { symbol: 'SOL/USDT', orderLifeTime: 60, dealQuota: '10', profitMarkup: '0.02', dealCount: 1 };
        await uow.run((r) => r.pairs.save(CurrencyPair.create({ ...props, cooldownMinutes: 2.5 })));
        await uow.run((r) => r.pairs.save(CurrencyPair.create({ ...props, symbol: 'ADA/USDT' })));
        expect((await uow.read((r) => r.pairs.getBySymbol('SOL/USDT')))?.cooldownMinutes).toBe(2.5);
        expect((await uow.read((r) => r.pairs.getBySymbol('ADA/USDT')))?.toProps()).toEqual(CurrencyPair.create({ ...props, symbol: 'ADA/USDT' }).toProps());
        await uow.run((r) => r.pairs.save(CurrencyPair.create({ ...props, cooldownMinutes: 0 })));
        expect((await uow.read((r) => r.pairs.getBySymbol('SOL/USDT')))?.cooldownMinutes).toBe(0);
      }));
  });
}
