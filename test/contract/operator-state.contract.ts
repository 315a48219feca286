import { describe, expect, it } from 'vitest';
import { CurrencyPair } from '../../src/domain/currency-pair/currency-pair.entity.js';
import type { PauseRecord } from '../../src/domain/ports/repositories.port.js';
import { harnessRunner, type RepositoryHarness } from './harness.js';

const SOL = { symbol: 'SOL/USDT', orderLifeTime: 60, dealQuota: '10.5', profitMarkup: '0.02', dealCount: 3 };

/** Pauses and pairs' sources and tombstones: what the operator changes at runtime. Part of the repository contract. */
export function describeOperatorStateContract(name: string, make: () => Promise<RepositoryHarness>): void {
  describe(`operator state contract: ${name}`, () => {
    const withRepos = harnessRunner(make);

    it('keeps one pause per pair and one for all pairs, replaced by a save, listed all-pairs first', () =>
      withRepos(async ({ uow }) => {
        const all: PauseRecord = { symbol: null, until: null, reason: 'paused by the operator', createdAt: 1_700_000_000_000 };
        await uow.run(async (r) => {
          await r.pauses.save({ symbol: 'SOL/USDT', until: 1_700_000_600_000, reason: 'panic_sell', createdAt: 1_700_000_000_001 });
          await r.pauses.save({ symbol: 'ADA/USDT', until: null, reason: 'maintenance', createdAt: 5 });
          await r.pauses.save(all);
        });
        await uow.run((r) => r.pauses.save({ symbol: 'SOL/USDT', until: 1_800_000_000_000, reason: 'longer', createdAt: 7 }));
        expect(await uow.read((r) => r.pauses.getAll())).toEqual([
          all,
          { symbol: 'ADA/USDT', until: null, reason: 'maintenance', createdAt: 5 },
          { symbol: 'SOL/USDT', until: 1_800_000_000_000, reason: 'longer', createdAt: 7 },
        ]);
      }));

    it('deletes the pause of one pair, of all pairs, or every pause; a failed unit of work deletes none', () =>
      withRepos(async ({ uow }) => {
        await uow.run(async (r) => {
          await r.pauses.save({ symbol: null, until: 9, reason: 'all', createdAt: 1 });
          await r.pauses.save({ symbol: 'SOL/USDT', until: null, reason: 'one', createdAt: 1 });
          await r.pauses.save({ symbol: 'ADA/USDT', until: null, reason: 'two', createdAt: 1 });
        });
        await uow.run((r) => r.pauses.delete('ADA/USDT'));
        await uow.run((r) => r.pauses.delete('XRP/USDT'));
        expect((await uow.read((r) => r.pauses.getAll())).map((p) => p.symbol)).toEqual([null, 'SOL/USDT']);
        await uow.run((r) => r.pauses.delete(null));
        expect((await uow.read((r) => r.pauses.getAll())).map((p) => p.symbol)).toEqual(['SOL/USDT']);
        await expect(
          uow.run(async (r) => {
            await r.pauses.clear();
            throw new Error('boom');
          }),
        ).rejects.toThrow('boom');
        expect((await uow.read((r) => r.pauses.getAll())).map((p) => p.symbol)).toEqual(['SOL/USDT']);
        await uow.run((r) => r.pauses.clear());
        expect(await uow.read((r) => r.pauses.getAll())).toEqual([]);
      }));

    it("keeps a pair's source and a removed pair as a tombstone, which a save brings back", () =>
      withRepos(async ({ uow }) => {
        await uow.run(async (r) => {
          await r.pairs.save(CurrencyPair.create(SOL));
          await r.pairs.save(CurrencyPair.create({ ...SOL, symbol: 'ADA/USDT', dealCount: 1 }), 'api');
        });
        await uow.run((r) => r.pairs.markRemoved('SOL/USDT', 1_700_000_000_123));
        await uow.run((r) => r.pairs.markRemoved('XRP/USDT', 5));
        expect(await uow.read((r) => r.pairs.getBySymbol('SOL/USDT'))).toBeNull();
        expect((await uow.read((r) => r.pairs.getAll())).map((p) => p.symbol)).toEqual(['ADA/USDT']);
        const records = await uow.read((r) => r.pairs.records());
        expect(records.map((x) => [x.pair.symbol, x.source, x.removedAt, x.pair.dealCount])).toEqual([
          ['ADA/USDT', 'api', null, 1],
          ['SOL/USDT', 'config', 1_700_000_000_123, 3],
        ]);
        await uow.run((r) => r.pairs.save(CurrencyPair.create({ ...SOL, dealQuota: '20' }), 'api'));
        expect((await uow.read((r) => r.pairs.getBySymbol('SOL/USDT')))?.dealQuota.toString()).toBe('20');
        expect((await uow.read((r) => r.pairs.records())).map((x) => [x.pair.symbol, x.source, x.removedAt])).toEqual([
          ['ADA/USDT', 'api', null],
          ['SOL/USDT', 'api', null],
        ]);
      }));
  });
}
