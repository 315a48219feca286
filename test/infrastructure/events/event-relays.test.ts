import { afterEach, describe, expect, it } from 'vitest';
import { EventRelays } from '../../../src/infrastructure/events/event-relays.js';
import { dealIdsOf, OutboxFixture, RecordingDestination, until } from './relay-fixtures.js';

let db: OutboxFixture | null = null;
afterEach(async () => {
  await db?.remove();
  db = null;
});

describe('EventRelays', () => {
  it('relays to every destination on its own cursor: a hanging one holds back none of the others, and all stop together', async () => {
    db = await new OutboxFixture().open();
    const fine = new RecordingDestination('nats');
    const stuck = new RecordingDestination('webhook');
    stuck.mode = 'hang';
    const lines: string[] = [];
    const relays = new EventRelays([fine, stuck], db.log, { botPrefix: 'dlb-', batchSize: 10, retry: { initialMs: 1, maxMs: 5 }, pollMs: 3_600_000, log: (line) => lines.push(line) });
    await relays.start();
    expect(lines).toHaveLength(2); // each new to this database
    await db.commit('a', 'b');
    relays.wake();
    await until(() => fine.received.length === 2, 'the working destination delivered');
    expect(dealIdsOf(fine.received)).toEqual(['a', 'b']);
    await until(() => relays.status()[1]?.pending === 2, 'the stuck destination shows both pending');
    expect(relays.status().map((s) => [s.name, s.state, s.delivered, s.pending])).toEqual([
      ['nats', 'idle', 2, 0],
      ['webhook', 'sending', 0, 2],
    ]);
    await relays.stop(20);
    expect(relays.status().map((s) => s.state)).toEqual(['stopped', 'stopped']);
    expect([fine.closed, stuck.closed]).toEqual([1, 1]);
    expect(await db.log.cursors()).toEqual({ nats: await db.log.last(), webhook: 0 });
  });

  it('with no destinations does nothing', async () => {
    db = await new OutboxFixture().open();
    const relays = new EventRelays([], db.log, { botPrefix: 'dlb-', batchSize: 10, retry: { initialMs: 1, maxMs: 5 } });
    await relays.start();
    relays.wake();
    expect(relays.status()).toEqual([]);
    await relays.stop(10);
    expect(await db.log.cursors()).toEqual({});
  });
});
