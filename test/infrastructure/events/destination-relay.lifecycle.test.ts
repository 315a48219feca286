import { describe, expect, it } from 'vitest';
import { postgresService, serviceAvailable } from '../../support/services.js';
import { dealIdsOf, HOUR, OutboxFixture, RecordingDestination, until, useRelays } from './relay-fixtures.js';

const { fixture, relayOf, keep } = useRelays();

const postgresUp = await serviceAvailable(postgresService());

describe.each([
  { dialect: 'SQLite', make: () => new OutboxFixture(), up: true },
  { dialect: 'PostgreSQL', make: () => OutboxFixture.postgres(), up: postgresUp },
])('DestinationRelay: restarts on $dialect', ({ make, up }) => {
  it.skipIf(!up)('resumes from its cursor: what was sent but not confirmed before the crash is sent again, nothing is lost', async () => {
    const db = await (await make()).open();
    keep(db);
    await db.log.confirm('broker', 0); // a destination the database knows
    await db.commit('a', 'b', 'c');
    const first = new RecordingDestination('broker');
    first.onSend = (envelopes) => {
      if (!envelopes.some((e) => e.dealId === 'c')) return Promise.resolve();
      first.batches.push([...envelopes]); // the broker has it; the process dies before it is confirmed
      return new Promise<void>(() => {});
    };
    const before = relayOf(first, db.log, { batchSize: 2 });
    await before.relay.start();
    before.relay.wake();
    await until(() => first.batches.length === 2, 'the second batch handed over');
    await before.relay.stop(0);
    await db.close();
    await db.open();
    await db.commit('d');
    const second = new RecordingDestination('broker');
    const after = relayOf(second, db.log, { batchSize: 2 });
    await after.relay.start();
    await until(() => second.received.length === 2, 'resumed');
    expect(dealIdsOf(first.received)).toEqual(['a', 'b', 'c']);
    expect(dealIdsOf(second.received)).toEqual(['c', 'd']);
    expect(second.received[0]!.id).toBe(first.received[2]!.id);
    expect(after.lines).toEqual([]);
  });
});

describe('DestinationRelay: stop', () => {
  it('delivers what is committed before it stops, then closes the destination', async () => {
    const db = await fixture();
    const destination = new RecordingDestination();
    const { relay } = relayOf(destination, db.log, { batchSize: 2 });
    await relay.start();
    await db.commit('a', 'b', 'c', 'd', 'e'); // no wake: only the stop makes it look
    await relay.stop(HOUR); // returns once everything committed is delivered, not at the end of the grace
    expect(dealIdsOf(destination.received)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(destination.closed).toBe(1);
    expect(relay.status()).toMatchObject({ state: 'stopped', pending: 0, delivered: 5 });
  });

  it('gives a down relay one last attempt at stop (no backoff wait), and stops a hanging one after the grace, without throwing', async () => {
    const db = await fixture();
    const down = new RecordingDestination('down');
    down.mode = 'refuse';
    const a = relayOf(down, db.log, { sleep: () => new Promise<void>(() => {}) });
    await a.relay.start();
    await db.commit('x');
    a.relay.wake();
    await until(() => a.relay.status().state === 'down', 'down');
    await a.relay.stop(HOUR);
    expect(a.relay.status()).toMatchObject({ state: 'stopped', pending: 1, failures: 2 }); // one last attempt, then no more
    expect(down.closed).toBe(1);
    await a.relay.stop(HOUR);
    expect(down.closed).toBe(1); // a second stop closes nothing again

    const hanging = new RecordingDestination('hanging');
    const b = relayOf(hanging, db.log);
    await b.relay.start();
    hanging.mode = 'hang';
    await db.commit('y');
    b.relay.wake();
    await until(() => hanging.batches.length === 1, 'sending');
    await b.relay.stop(10);
    expect(b.relay.status()).toMatchObject({ state: 'stopped', pending: 1, failures: 0 });
    expect(hanging.closed).toBe(1);
  });

  it('delivers at stop what a down relay holds when the destination is back, without waiting out the backoff', async () => {
    const db = await fixture();
    const destination = new RecordingDestination();
    destination.mode = 'refuse';
    const { relay } = relayOf(destination, db.log, { sleep: () => new Promise<void>(() => {}) });
    await relay.start();
    await db.commit('a', 'b');
    relay.wake();
    await until(() => relay.status().state === 'down', 'down');
    destination.mode = 'accept';
    await relay.stop(HOUR);
    expect(dealIdsOf(destination.received)).toEqual(['a', 'b']);
    expect(relay.status()).toMatchObject({ state: 'stopped', pending: 0, delivered: 2, failures: 1 });
  });

  it('stops after one more attempt when the send it was finishing fails during the grace', async () => {
    const db = await fixture();
    const destination = new RecordingDestination();
    const { relay } = relayOf(destination, db.log, { sleep: () => new Promise<void>(() => {}) });
    await relay.start();
    destination.mode = 'hang';
    await db.commit('z');
    relay.wake();
    await until(() => destination.batches.length === 1, 'sending');
    const stopped = relay.stop(HOUR);
    destination.mode = 'refuse';
    destination.failHanging();
    await stopped;
    expect(destination.batches.length).toBe(1);
    expect(relay.status()).toMatchObject({ state: 'stopped', pending: 1, failures: 2 });
  });
});

