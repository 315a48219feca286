import { describe, expect, it } from 'vitest';
import { CurrencyPair } from '../../src/domain/currency-pair/currency-pair.entity.js';
import { Deal } from '../../src/domain/deal/deal.entity.js';
import { dealToSnapshot } from '../../src/domain/deal/deal.snapshot.js';
import { Order } from '../../src/domain/order/order.entity.js';
import type { ExitRulesProps } from '../../src/domain/currency-pair/exit-rules.js';
import { dec } from '../../src/domain/shared/decimal.js';
import { describeApiRequestsContract } from './api-requests.contract.js';
import { describeCooldownContract } from './cooldown.contract.js';
import { harnessRunner, type RepositoryHarness } from './harness.js';
import { describeDcaContract } from './dca.contract.js';
import { describeDealPagesContract } from './deal-pages.contract.js';
import { describeOperatorStateContract } from './operator-state.contract.js';

export type { RepositoryHarness } from './harness.js';

function buy(dealId: string, symbol = 'BTC/USDT', at = 1_000, amount = '0.000000000000000001'): Order {
  return Order.create({ clientOrderId: `dlb-${dealId}-b1`, dealId, symbol, side: 'buy', type: 'limit', price: dec('123456789012345678901234.5678'), amount: dec(amount), createdAt: at });
}

function filledDeal(id: string, symbol = 'BTC/USDT', at = 1_000): Deal {
  const deal = Deal.open(id, buy(id, symbol, at, '2'), at);
  deal.buyOrder.accept(`x-${id}`, at + 1);
  deal.buyOrder.applyFill({ tradeId: `${id}-t1`, price: dec('100.05'), amount: dec('2'), fee: dec('0.2001'), timestamp: at + 2 }, at + 2);
  const sell = Order.create({ clientOrderId: `dlb-${id}-s1`, dealId: id, symbol, side: 'sell', type: 'limit', price: dec('101.1'), amount: dec('2'), createdAt: at + 3 });
  deal.markBought(sell, at + 3);
  return deal;
}

const SOL = { symbol: 'SOL/USDT', orderLifeTime: 60, dealQuota: '10.5', profitMarkup: '0.02', dealCount: 3 };

/** Every exit rule at once; the ladder given out of order, with a share-sized profit of 18 places. */
const EVERY_EXIT: ExitRulesProps = {
  stopLoss: '0.05',
  trailingStop: { activation: '0.02', distance: '0.01' },
  takeProfit: { targets: [{ profit: '0.01', share: '0.5' }, { profit: '0.025', share: '0.3' }, { profit: '0.000000000000000001', share: '0.2' }] },
  timeExit: { hours: 1.5 },
  panicSell: { drop: '0.1', windowMinutes: 15, cooldownMinutes: 0, reference: 'BTC/USDT' },
};

/** A pair's validated exit rules as plain values, decimals as text. */
function exitsOf(pair: CurrencyPair) {
  const e = pair.exits;
  return {
    stopLoss: e.stopLoss?.toString() ?? null,
    trailingStop: e.trailingStop && [e.trailingStop.activation.toString(), e.trailingStop.distance.toString()],
    takeProfit: e.takeProfit?.map((t) => [t.profit.toString(), t.share.toString()]) ?? null,
    timeExitMs: e.timeExitMs,
    panicSell: e.panicSell && [e.panicSell.drop.toString(), e.panicSell.windowMs, e.panicSell.cooldownMs, e.panicSell.reference],
  };
}

/** The behaviour every repository adapter must show; run unchanged on each one. */
export function describeRepositoryContract(name: string, make: () => Promise<RepositoryHarness>): void {
  describe(`repository contract: ${name}`, () => {
    const withRepos = harnessRunner(make);

    it('saves and reads a deal with its orders, decimals exact', () =>
      withRepos(async ({ uow }) => {
        const deal = Deal.open('d1', buy('d1'), 1_000);
        await uow.run((r) => r.deals.save(deal));
        const read = await uow.run((r) => r.deals.getById('d1'));
        expect(read && dealToSnapshot(read)).toEqual(dealToSnapshot(deal));
        expect(read?.buyOrder.price?.toString()).toBe('123456789012345678901234.5678');
        expect(read?.buyOrder.amount.toString()).toBe('0.000000000000000001');
        expect(await uow.run((r) => r.deals.getById('missing'))).toBeNull();
      }));

    it('saveDeal stores the deal with its orders and its events, once each, and takes the events out of it', () =>
      withRepos(async ({ uow }) => {
        const deal = filledDeal('sd');
        await uow.saveDeal(deal);
        expect(deal.pullEvents()).toEqual([]);
        const read = await uow.read((r) => r.deals.getById('sd'));
        expect(read && dealToSnapshot(read)).toEqual(dealToSnapshot(deal));
        expect((await uow.read((r) => r.orders.getById('dlb-sd-s1')))?.price?.toString()).toBe('101.1');
        const events = await uow.read((r) => r.outbox.unpublished(100));
        expect(events.map((e) => e.event.type)).toEqual(['DealOpened', 'OrderPlaced', 'OrderFilled', 'DealBought']);
        await uow.saveDeal(deal);
        expect(await uow.read((r) => r.outbox.unpublished(100))).toHaveLength(4);
      }));

    it('saveDeals stores several deals with their orders and events, in the order given, and takes the events out of them', () =>
      withRepos(async ({ uow }) => {
        const deals = [filledDeal('m1'), filledDeal('m2', 'ETH/USDT', 2_000), Deal.open('m3', buy('m3'), 3_000)];
        await uow.saveDeals(deals);
        for (const deal of deals) expect(deal.pullEvents()).toEqual([]);
        const read = await uow.read((r) => r.deals.getAll());
        expect(read.map((d) => dealToSnapshot(d))).toEqual(deals.map((d) => dealToSnapshot(d)));
        const events = await uow.read((r) => r.outbox.unpublished(100));
        expect(events.map((e) => `${e.event.type} ${'dealId' in e.event ? String(e.event.dealId) : ''}`)).toEqual([
          ...['DealOpened', 'OrderPlaced', 'OrderFilled', 'DealBought'].map((type) => `${type} m1`),
          ...['DealOpened', 'OrderPlaced', 'OrderFilled', 'DealBought'].map((type) => `${type} m2`),
          'DealOpened m3',
        ]);
        await uow.saveDeals([]);
        expect(await uow.read((r) => r.deals.getAll())).toHaveLength(3);
      }));

    it("keeps fills, the order of a deal's orders and its status", () =>
      withRepos(async ({ uow }) => {
        const deal = filledDeal('d2');
        await uow.run((r) => r.deals.save(deal));
        const read = await uow.run((r) => r.deals.getById('d2'));
        expect(read?.status).toBe('open');
        expect(read?.orders.map((o) => o.clientOrderId)).toEqual(['dlb-d2-b1', 'dlb-d2-s1']);
        expect(read?.buyOrder.fills.map((f) => [f.tradeId, f.price.toString(), f.fee.toString()])).toEqual([['d2-t1', '100.05', '0.2001']]);
        expect(read?.buyOrder.cost.toString()).toBe('200.1');
        const orders = await uow.run((r) => r.orders.getAllByDeal('d2'));
        expect(orders.map((o) => o.side)).toEqual(['buy', 'sell']);
      }));

    it("keeps a trailing stop's high-water mark and a sell's stop price", () =>
      withRepos(async ({ uow }) => {
        const deal = Deal.open('d4', buy('d4', 'BTC/USDT', 1_000, '2'), 1_000);
        deal.buyOrder.accept('x-d4', 1_001);
        deal.buyOrder.applyFill({ tradeId: 'd4-t1', price: dec('100'), amount: dec('2'), fee: dec('0.2'), timestamp: 1_002 }, 1_002);
        const sell = Order.create({ clientOrderId: 'dlb-d4-s1', dealId: 'd4', symbol: 'BTC/USDT', side: 'sell', type: 'limit', price: dec('101.10'), stopPrice: dec('95.50'), amount: dec('2'), createdAt: 1_003 });
        deal.markBought(sell, 1_003);
        expect(deal.raiseHighWaterMark(dec('100.75'))).toBe(true);
        await uow.run((r) => r.deals.save(deal));
        const read = await uow.run((r) => r.deals.getById('d4'));
        expect(read?.highWaterMark?.toString()).toBe('100.75');
        expect(read?.sellOrder?.stopPrice?.toString()).toBe('95.5');
        expect(read && dealToSnapshot(read)).toEqual(dealToSnapshot(deal));
        expect((await uow.run((r) => r.deals.getById('d1')))?.highWaterMark ?? null).toBeNull();
      }));

    it('keeps the mark of a deal recovered from the exchange', () =>
      withRepos(async ({ uow }) => {
        const deal = Deal.recover('r1', buy('r1'), 1_000);
        await uow.run((r) => r.deals.save(deal));
        const read = await uow.run((r) => r.deals.getById('r1'));
        expect(read?.recovered).toBe(true);
        expect(read && dealToSnapshot(read)).toEqual(dealToSnapshot(deal));
      }));

    it('updates an order on its own and the deal sees it', () =>
      withRepos(async ({ uow }) => {
        const deal = filledDeal('d3');
        await uow.run((r) => r.deals.save(deal));
        const sell = await uow.run((r) => r.orders.getById('dlb-d3-s1'));
        expect(sell?.status).toBe('new');
        sell?.accept('x-s', 5_000);
        await uow.run((r) => r.orders.save(sell as Order));
        expect((await uow.run((r) => r.deals.getById('d3')))?.sellOrder?.status).toBe('open');
        expect((await uow.run((r) => r.orders.getNonFinal())).map((o) => o.clientOrderId)).toEqual(['dlb-d3-s1']);
      }));

    it('refuses an order whose deal is not saved', () =>
      withRepos(async ({ uow }) => {
        await expect(uow.run((r) => r.orders.save(buy('ghost')))).rejects.toThrow();
        expect(await uow.run((r) => r.orders.getById('dlb-ghost-b1'))).toBeNull();
      }));

    it('lists open deals oldest first, by pair, without final ones', () =>
      withRepos(async ({ uow }) => {
        const late = Deal.open('late', buy('late', 'ETH/USDT', 3_000), 3_000);
        const early = filledDeal('early', 'BTC/USDT', 1_000);
        const gone = Deal.open('gone', buy('gone', 'BTC/USDT', 2_000), 2_000);
        gone.buyOrder.cancel(2_500, 'test');
        gone.cancel('test', 2_500);
        await uow.run(async (r) => {
          for (const d of [late, early, gone]) await r.deals.save(d);
        });
        expect((await uow.run((r) => r.deals.getOpenDeals())).map((d) => d.id)).toEqual(['early', 'late']);
        expect((await uow.run((r) => r.deals.getOpenDeals('ETH/USDT'))).map((d) => d.id)).toEqual(['late']);
        expect((await uow.run((r) => r.deals.getAll())).map((d) => d.id)).toEqual(['early', 'gone', 'late']);
        expect((await uow.run((r) => r.deals.getAll('BTC/USDT'))).map((d) => d.id)).toEqual(['early', 'gone']);
      }));

    it('keeps each fill\'s fee currency and third-currency value, and a deal\'s dust', () =>
      withRepos(async ({ uow }) => {
        const id = 'feecur';
        const deal = Deal.open(id, buy(id, 'BTC/USDT', 1_000, '0.002'), 1_000);
        deal.buyOrder.accept('x-fee', 1_001);
        deal.buyOrder.applyFill({ tradeId: 'fee-t1', price: dec('100.05'), amount: dec('0.002'), fee: dec('0.000002'), feeCurrency: 'BTC', timestamp: 1_002 }, 1_002);
        const sell = Order.create({ clientOrderId: `dlb-${id}-s1`, dealId: id, symbol: 'BTC/USDT', side: 'sell', type: 'limit', price: dec('101.1'), amount: dec('0.00199'), createdAt: 1_003 });
        deal.markBought(sell, 1_003);
        sell.accept('x-fee-s', 1_004);
        sell.applyFill({ tradeId: 'fee-t2', price: dec('101.1'), amount: dec('0.00199'), fee: dec('0.0003'), feeCurrency: 'BNB', feeQuote: dec('0.15'), timestamp: 1_005 }, 1_005);
        deal.close(1_006, 'profit_markup', dec('0.000008'));
        await uow.run((r) => r.deals.save(deal));
        const read = await uow.run((r) => r.deals.getById(id));
        expect(read && dealToSnapshot(read)).toEqual(dealToSnapshot(deal));
        expect(read?.dust?.toString()).toBe('0.000008');
        expect(read?.buyOrder.fills[0]?.feeCurrency).toBe('BTC');
        expect(read?.sellOrders[0]?.fills[0]?.feeQuote?.toString()).toBe('0.15');
        expect(read?.pnl?.toString()).toBe(deal.pnl?.toString());
      }));

    it('saves, replaces and lists pairs', () =>
      withRepos(async ({ uow }) => {
        const pair = CurrencyPair.create({ symbol: 'SOL/USDT', orderLifeTime: 60, dealQuota: '10.5', profitMarkup: '0.02', dealCount: 3 });
        await uow.run((r) => r.pairs.save(pair));
        await uow.run((r) => r.pairs.save(CurrencyPair.create({ ...pair.toProps(), dealCount: 4 })));
        await uow.run((r) => r.pairs.save(CurrencyPair.create({ ...pair.toProps(), symbol: 'ADA/USDT' })));
        expect((await uow.run((r) => r.pairs.getBySymbol('SOL/USDT')))?.dealCount).toBe(4);
        expect((await uow.run((r) => r.pairs.getBySymbol('SOL/USDT')))?.dealQuota.toString()).toBe('10.5');
        expect((await uow.run((r) => r.pairs.getAll())).map((p) => p.symbol)).toEqual(['ADA/USDT', 'SOL/USDT']);
        expect(await uow.run((r) => r.pairs.getBySymbol('XRP/USDT'))).toBeNull();
      }));

    it('keeps every exit rule of a pair: stop loss, trailing stop, take-profit ladder, time exit, panic sell', () =>
      withRepos(async ({ uow }) => {
        const pair = CurrencyPair.create({ ...SOL, exits: EVERY_EXIT });
        await uow.run((r) => r.pairs.save(pair));
        const read = await uow.read((r) => r.pairs.getBySymbol('SOL/USDT'));
        expect(read && exitsOf(read)).toEqual(exitsOf(pair));
        expect(exitsOf(pair)).toEqual({
          stopLoss: '0.05',
          trailingStop: ['0.02', '0.01'],
          takeProfit: [['0.000000000000000001', '0.2'], ['0.01', '0.5'], ['0.025', '0.3']],
          timeExitMs: 1.5 * 3_600_000,
          panicSell: ['0.1', 15 * 60_000, 0, 'BTC/USDT'],
        });
        // and through the list, beside a pair whose panic sell watches itself
        const own = CurrencyPair.create({ ...SOL, symbol: 'ADA/USDT', exits: { panicSell: { drop: '0.2', windowMinutes: 5, cooldownMinutes: 30 } } });
        await uow.run((r) => r.pairs.save(own));
        const all = await uow.read((r) => r.pairs.getAll());
        expect(all.map(exitsOf)).toEqual([exitsOf(own), exitsOf(pair)]);
        expect(all[0]?.exits.panicSell?.reference).toBeNull();
      }));

    it('keeps a pair without exit rules without any, and one updated from some to none or fewer', () =>
      withRepos(async ({ uow }) => {
        const bare = CurrencyPair.create(SOL);
        await uow.run((r) => r.pairs.save(bare));
        const readBare = await uow.read((r) => r.pairs.getBySymbol('SOL/USDT'));
        expect(readBare?.exits.isEmpty).toBe(true);
        expect(readBare?.toProps()).toEqual(bare.toProps());

        const ladder = CurrencyPair.create({ ...SOL, symbol: 'ADA/USDT', exits: EVERY_EXIT });
        await uow.run((r) => r.pairs.save(ladder));
        // fewer: a two-target ladder and a stop loss replace everything before
        const fewer = CurrencyPair.create({ ...SOL, symbol: 'ADA/USDT', exits: { stopLoss: '0.07', takeProfit: { targets: [{ profit: '0.03', share: '0.4' }, { profit: '0.05', share: '0.6' }] } } });
        await uow.run((r) => r.pairs.save(fewer));
        expect(exitsOf((await uow.read((r) => r.pairs.getBySymbol('ADA/USDT'))) as CurrencyPair)).toEqual(exitsOf(fewer));
        await uow.run((r) => r.pairs.save(CurrencyPair.create({ ...SOL, symbol: 'ADA/USDT', dealCount: 5 })));
        const none = await uow.read((r) => r.pairs.getBySymbol('ADA/USDT'));
        expect(none?.exits.isEmpty).toBe(true);
        expect(none?.dealCount).toBe(5);
        expect((await uow.read((r) => r.pairs.getAll())).map((p) => [p.symbol, p.exits.isEmpty])).toEqual([['ADA/USDT', true], ['SOL/USDT', true]]);
      }));

    it('appends candles, replaces one with the same open time, returns the last N oldest first', () =>
      withRepos(async ({ uow }) => {
        const c = (t: number, close: number) => ({ openTime: t, open: close, high: close + 1, low: close - 1, close, volume: 10 });
        await uow.run((r) => r.candles.append('BTC/USDT', '1m', [c(60_000, 1), c(120_000, 2), c(180_000, 3)]));
        await uow.run((r) => r.candles.append('BTC/USDT', '1m', [c(180_000, 3.5), c(240_000, 4)]));
        expect((await uow.run((r) => r.candles.getLast('BTC/USDT', '1m', 3))).map((x) => x.close)).toEqual([2, 3.5, 4]);
        expect(await uow.run((r) => r.candles.getLast('BTC/USDT', '5m', 3))).toEqual([]);
      }));

    it('commits state and its events together, or neither', () =>
      withRepos(async ({ uow }) => {
        const deal = Deal.open('d9', buy('d9'), 1_000);
        await expect(
          uow.run(async (r) => {
            await r.deals.save(deal);
            await r.outbox.add(deal.pullEvents());
            throw new Error('boom');
          }),
        ).rejects.toThrow('boom');
        expect(await uow.run((r) => r.deals.getById('d9'))).toBeNull();
        expect(await uow.run((r) => r.outbox.unpublished(10))).toEqual([]);

        const again = Deal.open('d10', buy('d10'), 1_000);
        await uow.run(async (r) => {
          await r.deals.save(again);
          await r.outbox.add(again.pullEvents());
        });
        const pending = await uow.run((r) => r.outbox.unpublished(10));
        expect(pending.map((e) => e.event.type)).toEqual(['DealOpened']);
        await uow.run((r) => r.outbox.markPublished(pending.map((e) => e.id)));
        expect(await uow.run((r) => r.outbox.unpublished(10))).toEqual([]);
      }));
  });
  describeApiRequestsContract(name, make);
  describeDealPagesContract(name, make);
  describeOperatorStateContract(name, make);
  describeDcaContract(name, make);
  describeCooldownContract(name, make);
}
