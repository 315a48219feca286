import { describe, expect, it } from 'vitest';
import { CurrencyPair } from '../../src/domain/currency-pair/currency-pair.entity.js';
import { dealToSnapshot } from '../../src/domain/deal/deal.snapshot.js';
import { AVERAGE_MOVED } from '../../src/domain/services/dca/dca-deal.js';
import { DcaDriver, dcaPair } from '../domain/services/dca/dca-fixtures.js';
import { harnessRunner, type RepositoryHarness } from './harness.js';

/** DCA deals and pairs survive a save and a read: safety buys in their place, the take-profit basis, the settings. */
export function describeDcaContract(name: string, make: () => Promise<RepositoryHarness>): void {
  describe(`DCA contract: ${name}`, () => {
    const withRepos = harnessRunner(make);

    it("keeps a DCA deal's safety buys in order and its take-profit basis; restored, it goes on where it stood", () =>
      withRepos(async ({ uow }) => {
        const d = new DcaDriver(dcaPair({ stopLoss: { drop: '0.1', from: 'base' } }));
        d.open('100');
        d.fill('b1');
        d.step();
        d.at += 60_000;
        d.fill('d1');
        // saved with the safety fill applied, before the stale take profit was cancelled: a crash here
        d.send(d.trading.advance(d.deal, d.ctx()));
        await uow.run((r) => r.deals.save(d.deal));
        const read = await uow.read((r) => r.deals.getById('42'));
        if (read === null) throw new Error('not saved');
        expect(dealToSnapshot(read)).toEqual(dealToSnapshot(d.deal));
        expect(read.orders.map((o) => o.clientOrderId)).toEqual(['dlb-42-b1', 'dlb-42-s1', 'dlb-42-d1']);
        expect(read.takeProfitBasis?.toString()).toBe('0.1');
        expect(read.averagePrice?.eq(d.deal.averagePrice!)).toBe(true);
        // the restored deal still knows its take profit must be replaced
        expect(d.trading.dueCancels(read, d.pair).map((c) => [c.order.clientOrderId, c.reason])).toEqual([['dlb-42-s1', AVERAGE_MOVED]]);
        d.deal = read;
        d.step();
        expect(d.working()).toEqual(['s2', 'd2']);
        await uow.run((r) => r.deals.save(d.deal));
        const again = await uow.read((r) => r.deals.getById('42'));
        expect(again && dealToSnapshot(again)).toEqual(dealToSnapshot(d.deal));
        expect(again?.takeProfitBasis?.toString()).toBe('0.30202');
      }));

    it("keeps a pair's DCA settings exactly, and a pair saved without them has none", () =>
      withRepos(async ({ uow }) => {
        const pair = dcaPair({ maxActiveSafetyOrders: 2, stopLoss: { drop: '0.125', from: 'average' } });
        await uow.run((r) => r.pairs.save(pair));
        const read = await uow.read((r) => r.pairs.getBySymbol('BTC/USDT'));
        expect(read?.toProps()).toEqual(pair.toProps());
        expect([read?.dca?.maxBudget.toString(), read?.dca?.stopLoss?.from, read?.dca?.maxActiveSafetyOrders]).toEqual(['150', 'average', 2]);
        await uow.run((r) => r.pairs.save(CurrencyPair.create({ ...pair.toProps(), dca: null })));
        expect((await uow.read((r) => r.pairs.getAll()))[0]?.dca).toBeNull();
      }));
  });
}
