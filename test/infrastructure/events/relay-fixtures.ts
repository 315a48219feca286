import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { DomainEvent } from '../../../src/domain/events.js';
import { DestinationRelay, type DestinationRelayOptions } from '../../../src/infrastructure/events/destination-relay.js';
import type { EventDestination } from '../../../src/infrastructure/events/event-destination.js';
import type { OutboxLog } from '../../../src/infrastructure/events/outbox-log.js';
import type { EventEnvelope } from '../../../src/infrastructure/events/event-envelope.js';
import { createPostgresTestSchema, POSTGRES_TEST_URL } from '../../support/services.js';
import { migrateToLatest, openDatabase, SqlOutboxLog, SqlUnitOfWork, type SqlDatabase } from '../../../src/infrastructure/persistence/sql/index.js';

export const cancelled = (dealId: string, at = 1_700_000_000_000): DomainEvent => ({ type: 'DealCancelled', occurredAt: at, dealId, symbol: 'ETH/USDT', reason: 'buy expired' });

/**
 * A real EventDestination kept in memory: records every batch it accepted, and can be
 * switched to refuse (throw) or to hang (a send that never settles until close).
 */
export class RecordingDestination implements EventDestination {
  readonly batches: EventEnvelope[][] = [];
  mode: 'accept' | 'refuse' | 'hang' = 'accept';
  refusal = 'connection refused';
  closed = 0;
  /** Called inside send, before it resolves (e.g. to read the cursor while the batch is unconfirmed). */
  onSend: ((envelopes: readonly EventEnvelope[]) => Promise<void>) | null = null;
  readonly #hanging: ((reason: string) => void)[] = [];

  constructor(readonly name = 'recording') {}

  get received(): EventEnvelope[] {
    return this.batches.flat();
  }

  async send(envelopes: readonly EventEnvelope[]): Promise<void> {
    if (this.mode === 'refuse') throw new Error(this.refusal);
    if (this.mode === 'hang') {
      this.batches.push([...envelopes]);
      return new Promise<void>((_resolve, reject) => this.#hanging.push((reason) => reject(new Error(reason))));
    }
    await this.onSend?.(envelopes);
    this.batches.push([...envelopes]);
  }

  /** The hanging sends fail (a timeout). */
  failHanging(reason = 'timed out'): void {
    for (const end of this.#hanging.splice(0)) end(reason);
  }

  async close(): Promise<void> {
    this.closed += 1;
    this.failHanging('closed while sending');
  }
}

/** A migrated database (a SQLite file by default), reopenable (a restart), with its outbox log and unit of work. */
export class OutboxFixture {
  readonly #folder = mkdtempSync(join(tmpdir(), 'dealbot-relay-'));
  readonly url: string;
  database!: SqlDatabase;
  log!: SqlOutboxLog;
  uow!: SqlUnitOfWork;

  constructor(private readonly postgres: { readonly url: string; readonly schema: string; readonly drop: () => Promise<void> } | null = null) {
    this.url = postgres?.url ?? `sqlite:${join(this.#folder, 'relay.db')}`;
  }

  /** A fresh schema on the test PostgreSQL. */
  static async postgres(): Promise<OutboxFixture> {
    const { schema, drop } = await createPostgresTestSchema();
    return new OutboxFixture({ url: POSTGRES_TEST_URL, schema, drop });
  }

  async open(): Promise<this> {
    this.database = await openDatabase(this.url, this.postgres ? { schema: this.postgres.schema } : {});
    await migrateToLatest(this.database);
    this.log = new SqlOutboxLog(this.database.db);
    this.uow = new SqlUnitOfWork(this.database);
    return this;
  }

  /** Commits one transaction per event, like trading does. */
  async commit(...dealIds: string[]): Promise<void> {
    for (const id of dealIds) await this.uow.run((r) => r.outbox.add([cancelled(id)]));
  }

  async close(): Promise<void> {
    await this.database.close();
  }

  async remove(): Promise<void> {
    await this.database.close().catch(() => {});
    await this.postgres?.drop();
    rmSync(this.#folder, { recursive: true, force: true });
  }
}

/** Waits (checking every few ms) until `condition` holds; fails after `limitMs` with `what`. */
export async function until(condition: () => boolean | Promise<boolean>, what: string, limitMs = 5_000): Promise<void> {
  const end = Date.now() + limitMs;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`not reached in ${limitMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export const dealIdsOf = (envelopes: readonly EventEnvelope[]): (string | null)[] => envelopes.map((e) => e.dealId);

export const HOUR = 3_600_000;

/**
 * Fresh SQLite outboxes and relays for one test file (polling only hourly, so a test sees what
 * wake() does), all stopped and removed after each test.
 */
export function useRelays() {
  const fixtures: OutboxFixture[] = [];
  const relays: DestinationRelay[] = [];
  afterEach(async () => {
    for (const relay of relays.splice(0)) await relay.stop(0);
    for (const made of fixtures.splice(0)) await made.remove();
  });
  return {
    keep: (made: OutboxFixture): void => void fixtures.push(made),
    async fixture(): Promise<OutboxFixture> {
      const made = await new OutboxFixture().open();
      fixtures.push(made);
      return made;
    },
    relayOf(destination: RecordingDestination, log: OutboxLog, options: Partial<DestinationRelayOptions> = {}): { relay: DestinationRelay; lines: string[] } {
      const lines: string[] = [];
      const relay = new DestinationRelay(destination, log, { botPrefix: 'dlb-', batchSize: 100, retry: { initialMs: 1, maxMs: 8 }, pollMs: HOUR, log: (line) => lines.push(line), ...options });
      relays.push(relay);
      return { relay, lines };
    },
  };
}
