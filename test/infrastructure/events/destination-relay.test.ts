import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { retryDelayMs } from '../../../src/infrastructure/events/destination-relay.js';
import { RelayingUnitOfWork } from '../../../src/infrastructure/events/outbox-relay.js';
import type { OutboxLog } from '../../../src/infrastructure/events/outbox-log.js';
import { dealIdsOf, HOUR, RecordingDestination, until, useRelays } from './relay-fixtures.js';

const { fixture, relayOf } = useRelays();

describe('DestinationRelay', () => {
  it('sends the outbox in sequence order, each batch confirmed only after the destination took it', async () => {
    const db = await fixture();
    const destination = new RecordingDestination();
    const cursorsAtSend: number[] = [];
    destination.onSend = async () => void cursorsAtSend.push(await db.log.cursor(destination.name));
    const { relay } = relayOf(destination, db.log, { batchSize: 2 });
    await relay.start();
    await db.commit('a', 'b', 'c', 'd', 'e');
    relay.wake();
    await until(() => destination.received.length === 5, 'five events delivered');
    const sequences = destination.received.map((e) => e.sequence);
    expect(dealIdsOf(destination.received)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(destination.batches.map((b) => b.length)).toEqual([2, 2, 1]);
    // while each batch was being sent, the cursor still stood at the end of the batch before it
    expect(cursorsAtSend).toEqual([0, sequences[1], sequences[3]]);
    await until(async () => (await db.log.cursor(destination.name)) === sequences[4], 'the last batch confirmed');
    expect(destination.received[0]).toMatchObject({ type: 'DealCancelled', version: 1, botPrefix: 'dlb-', symbol: 'ETH/USDT', payload: { reason: 'buy expired' } });
  });

  it('starts a destination new to the database after the last committed event, and says so once', async () => {
    const db = await fixture();
    await db.commit('old-1', 'old-2');
    const last = await db.log.last();
    const destination = new RecordingDestination('webhook:alerts');
    const { relay, lines } = relayOf(destination, db.log);
    await relay.start();
    expect(await db.log.known('webhook:alerts')).toBe(true);
    expect(await db.log.cursor('webhook:alerts')).toBe(last);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`starts after event ${last}`);
    expect(lines[0]).toContain('dealbot events replay');
    await db.commit('new');
    relay.wake();
    await until(() => destination.received.length > 0, 'the new event delivered');
    expect(dealIdsOf(destination.received)).toEqual(['new']);
    expect(lines).toHaveLength(1);
  });

  it('wakes on a commit through the relaying unit of work, and trading never waits for a hanging destination', async () => {
    const db = await fixture();
    const destination = new RecordingDestination();
    const { relay } = relayOf(destination, db.log);
    await relay.start();
    const uow = new RelayingUnitOfWork(db.uow, { publish: async () => {} }, () => relay.wake());
    await uow.run((r) => r.outbox.add([{ type: 'DealCancelled', occurredAt: 1, dealId: 'woken', symbol: 'ETH/USDT', reason: 'r' }]));
    await until(() => destination.received.length === 1, 'delivered on wake (the poll is an hour)');
    destination.mode = 'hang';
    for (let i = 0; i < 20; i += 1) await uow.run((r) => r.outbox.add([{ type: 'DealCancelled', occurredAt: 1, dealId: `t${i}`, symbol: 'ETH/USDT', reason: 'r' }]));
    expect(relay.status()).toMatchObject({ state: 'sending', delivered: 1 });
    // what piles up behind the stuck destination shows as pending
    await until(() => relay.status().pending === 20, 'pending counts the commits behind the hanging send');
    expect(relay.status().latest).toBe(await db.log.last());
  });

  it('does not sleep through a commit woken while it was reading an empty outbox', async () => {
    const db = await fixture();
    const destination = new RecordingDestination();
    let hold: Promise<void> | null = null;
    let held = (): void => {};
    const gated: OutboxLog = Object.assign(Object.create(db.log) as OutboxLog, {
      after: async (after: number, limit: number) => {
        const rows = await db.log.after(after, limit);
        if (hold !== null) {
          held();
          await hold;
        }
        return rows;
      },
    });
    const { relay } = relayOf(destination, gated);
    await relay.start();
    let release = (): void => {};
    hold = new Promise<void>((resolve) => (release = resolve));
    const reading = new Promise<void>((resolve) => (held = resolve));
    relay.wake();
    await reading; // the relay read an empty outbox and is about to decide to sleep
    hold = null;
    await db.commit('late');
    relay.wake();
    release();
    await until(() => destination.received.length === 1, 'the commit woken mid-read delivered (the poll is an hour)');
  });

  it('picks up rows another process committed by polling', async () => {
    const db = await fixture();
    const destination = new RecordingDestination();
    const { relay } = relayOf(destination, db.log, { pollMs: 10 });
    await relay.start();
    await db.commit('elsewhere'); // no wake()
    await until(() => destination.received.length === 1, 'polled');
  });
});

describe('DestinationRelay: outages', () => {
  it('goes down with one line, retries with growing jittered delays, comes back with one line and delivers everything in order', async () => {
    const db = await fixture();
    const destination = new RecordingDestination('rabbitmq');
    destination.mode = 'refuse';
    destination.refusal = 'connect ECONNREFUSED amqp://dealbot:s3cret@127.0.0.1:5672/vhost';
    const delays: number[] = [];
    let clock = 1_000_000;
    const { relay, lines } = relayOf(destination, db.log, {
      random: () => 0.5,
      retry: { initialMs: 1, maxMs: 8 },
      now: () => clock,
      sleep: async (ms) => {
        if (ms === HOUR) return new Promise<void>(() => {}); // idle: only a wake ends it
        delays.push(ms);
        clock += 1000;
        if (delays.length === 5 || delays.length === 6) destination.mode = 'accept';
        await new Promise((resolve) => setTimeout(resolve, 1));
      },
    });
    await db.log.confirm('rabbitmq', 0);
    await db.commit('a', 'b', 'c');
    await relay.start();
    await until(() => destination.received.length === 3, 'delivered after the outage');
    expect(delays).toEqual([0.5, 1, 2, 4, 4]);
    expect(dealIdsOf(destination.received)).toEqual(['a', 'b', 'c']);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/rabbitmq: down, 3 events waiting/);
    expect(lines[1]).toBe('events → rabbitmq: delivering again after 5.0 s down; catching up 3 events');
    for (const line of lines) expect(line).not.toContain('s3cret');
    const status = relay.status();
    expect(status).toMatchObject({ name: 'rabbitmq', failures: 5, delivered: 3, pending: 0, downSince: null });
    expect(status.lastError).toBe('connect ECONNREFUSED amqp://***@127.0.0.1:5672/***');
    // a later outage backs off from the start again
    destination.mode = 'refuse';
    await db.commit('d');
    relay.wake();
    await until(() => destination.received.length === 4, 'delivered after the second outage');
    expect(delays).toEqual([0.5, 1, 2, 4, 4, 0.5]);
    expect(lines).toHaveLength(4);
  });

  it('is down, not failing trading, while the database cannot be read; a wake does not cut its backoff', async () => {
    const db = await fixture();
    const destination = new RecordingDestination();
    let broken = true;
    const flaky: OutboxLog = Object.assign(Object.create(db.log) as OutboxLog, {
      last: async () => {
        if (broken) throw new Error('database is locked');
        return db.log.last();
      },
    });
    let backoff = (): void => {};
    const { relay, lines } = relayOf(destination, flaky, { now: () => Date.parse('2026-01-02T03:04:05.000Z'), sleep: () => new Promise<void>((resolve) => (backoff = resolve)) });
    await relay.start();
    expect(relay.status()).toMatchObject({ state: 'down', failures: 1, lastError: 'database is locked', downSince: '2026-01-02T03:04:05.000Z' });
    broken = false;
    relay.wake();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(relay.status().state).toBe('down');
    backoff();
    await until(() => relay.status().state === 'idle', 'up again');
    expect(lines).toHaveLength(3); // down, new destination, up
    expect(lines[2]).toContain('delivering again');
  });

  it('counts pending as committed minus confirmed', async () => {
    const db = await fixture();
    const destination = new RecordingDestination();
    const { relay } = relayOf(destination, db.log, { sleep: () => new Promise<void>(() => {}) });
    await relay.start();
    await db.commit('a', 'b');
    relay.wake();
    await until(() => relay.status().delivered === 2, 'two delivered');
    destination.mode = 'refuse';
    await db.commit('c', 'd', 'e');
    relay.wake();
    await until(() => relay.status().state === 'down', 'down');
    const status = relay.status();
    expect(status.pending).toBe(3);
    expect(status.latest).toBe(await db.log.last());
    expect(status.confirmed).toBe(await db.log.cursor(destination.name));
    expect(status).toMatchObject({ delivered: 2, failures: 1, lastError: 'connection refused' });
  });
});

describe('retryDelayMs', () => {
  it('is full jitter under a capped exponential', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 1, max: 100_000 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (attempt, initialMs, maxMs, r) => {
        const cap = Math.min(maxMs, initialMs * 2 ** attempt);
        const delay = retryDelayMs(attempt, { initialMs, maxMs }, () => r);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThanOrEqual(cap);
        expect(delay).toBeCloseTo(r * cap, 6);
      }),
      { seed: 19 },
    );
  });
});
