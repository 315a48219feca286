import { describe, expect, it } from 'vitest';
import type { ApiRequestRecord } from '../../src/domain/ports/repositories.port.js';
import { harnessRunner, type RepositoryHarness } from './harness.js';

const RECORD: ApiRequestRecord = {
  key: 'close-all-1',
  method: 'POST',
  path: '/api/v1/trading/close_all',
  bodyHash: 'a'.repeat(64),
  status: 200,
  response: '{"deals":[{"id":"d1","pnl":"0.000000000000000001"}]}',
  createdAt: 1_733_000_000_123,
};

/** The Idempotency-Key answers: stored with their event in one transaction, first answer kept. */
export function describeApiRequestsContract(name: string, make: () => Promise<RepositoryHarness>): void {
  describe(`api requests contract: ${name}`, () => {
    const withRepos = harnessRunner(make);

    it('stores an answer by key and reads it back as written; an unknown key is null', () =>
      withRepos(async ({ uow }) => {
        await uow.run((r) => r.apiRequests.add(RECORD));
        expect(await uow.read((r) => r.apiRequests.get(RECORD.key))).toEqual(RECORD);
        expect(await uow.read((r) => r.apiRequests.get('other'))).toBeNull();
      }));

    it('keeps the first answer of a key', () =>
      withRepos(async ({ uow }) => {
        await uow.run((r) => r.apiRequests.add(RECORD));
        await uow.run((r) => r.apiRequests.add({ ...RECORD, status: 409, response: '{}' }));
        expect(await uow.read((r) => r.apiRequests.get(RECORD.key))).toEqual(RECORD);
      }));

    it('finishes a key written while its call ran, and removes one whose call did nothing', () =>
      withRepos(async ({ uow }) => {
        await uow.run((r) => r.apiRequests.add({ ...RECORD, status: 0, response: '' }));
        expect((await uow.read((r) => r.apiRequests.get(RECORD.key)))?.status).toBe(0);
        await uow.run((r) => r.apiRequests.finish(RECORD.key, RECORD.status, RECORD.response));
        expect(await uow.read((r) => r.apiRequests.get(RECORD.key))).toEqual(RECORD);
        await uow.run((r) => r.apiRequests.remove(RECORD.key));
        expect(await uow.read((r) => r.apiRequests.get(RECORD.key))).toBeNull();
        await uow.run((r) => r.apiRequests.add(RECORD));
        expect(await uow.read((r) => r.apiRequests.get(RECORD.key))).toEqual(RECORD);
      }));

    it('commits the answer and its event together, or neither', () =>
      withRepos(async ({ uow }) => {
        const event = { type: 'OperatorActed', occurredAt: 5, action: 'close_all', parameters: {}, status: 200, outcome: 'closing 0 deals', idempotencyKey: RECORD.key } as const;
        await expect(
          uow.run(async (r) => {
            await r.apiRequests.add(RECORD);
            await r.outbox.add([event]);
            throw new Error('boom');
          }),
        ).rejects.toThrow('boom');
        expect(await uow.read((r) => r.apiRequests.get(RECORD.key))).toBeNull();
        expect(await uow.run((r) => r.outbox.unpublished(10))).toEqual([]);
        await uow.run(async (r) => {
          await r.apiRequests.add(RECORD);
          await r.outbox.add([event]);
        });
        expect((await uow.run((r) => r.outbox.unpublished(10))).map((e) => e.event)).toEqual([event]);
      }));
  });
}
