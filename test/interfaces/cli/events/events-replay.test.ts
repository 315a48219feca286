import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DestinationConfig } from '../../../../src/infrastructure/config/events.schema.js';
import type { EventDestination } from '../../../../src/infrastructure/events/event-destination.js';
import { toEnvelope, type EventEnvelope } from '../../../../src/infrastructure/events/event-envelope.js';
import { openDatabase, SqlOutboxLog } from '../../../../src/infrastructure/persistence/sql/index.js';
import { runCli } from '../../../../src/interfaces/cli/program.js';
import { CLI_DEPS } from '../../../../src/main.js';
import { DEFAULT_YAML } from '../bad-input/harness.js';
import { botFolder, sampleEvents } from './events-fixture.js';

/**
 * `dealbot events replay` in this process, over a real SQLite outbox (6 deals of 4 events and an
 * operator action: sequences 1-25, event k at 08:00 + k minutes on 2026-12-01). The destination
 * is a class of this test behind the CliDeps factory: it records each batch it was sent.
 */

class RecordingDestination implements EventDestination {
  readonly batches: EventEnvelope[][] = [];
  closed = false;
  constructor(
    readonly name: string,
    private readonly refuseBatch: number | null = null,
  ) {}
  async send(envelopes: readonly EventEnvelope[]): Promise<void> {
    if (this.batches.length === this.refuseBatch) throw new Error('the receiver answered 503');
    this.batches.push([...envelopes]);
  }
  async close(): Promise<void> {
    this.closed = true;
  }
}

let dir = '';
let config = '';
let database = '';
const built: { config: DestinationConfig; destination: RecordingDestination }[] = [];
let refuseBatch: number | null = null;
const deps = {
  ...CLI_DEPS,
  eventDestination: async (entry: DestinationConfig) => {
    const destination = new RecordingDestination(entry.name ?? entry.type, refuseBatch);
    built.push({ config: entry, destination });
    return destination;
  },
};

async function dealbot(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  try {
    const code = await runCli(['node', 'dealbot', 'events', 'replay', ...args, '-c', config, '--database', database], deps);
    return { code, stdout, stderr };
  } finally {
    vi.restoreAllMocks();
  }
}

async function withLog<T>(use: (log: SqlOutboxLog) => Promise<T>): Promise<T> {
  const db = await openDatabase(database);
  try {
    return await use(new SqlOutboxLog(db.db));
  } finally {
    await db.close();
  }
}

beforeAll(async () => {
  dir = await botFolder(sampleEvents(6));
  config = join(dir, 'replay.yaml');
  database = `sqlite:${join(dir, 'bot.db')}`;
  writeFileSync(config, `${DEFAULT_YAML}\nevents:\n  batchSize: 3\n  destinations:\n    - { type: rabbitmq }\n    - { type: webhook, name: "webhook:alerts" }\n`);
  await withLog(async (log) => {
    await log.confirm('rabbitmq', 20);
    await log.confirm('webhook:alerts', 7);
  });
});
afterEach(() => {
  built.length = 0;
  refuseBatch = null;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('dealbot events replay', () => {
  it('sends exactly the window, in sequence order, in batches of events.batchSize, to the destination named, and leaves every cursor where it was', async () => {
    const run = await dealbot('--since', '2026-12-01T08:05:00Z', '--until', '2026-12-01T08:15:00Z', '--to', 'webhook:alerts');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('10 events were sent to webhook:alerts (sequence 5 to 14): 3 DealOpened, 3 OrderFilled, 2 DealBought, 2 DealClosed\n');
    expect(built.map((b) => b.config)).toEqual([expect.objectContaining({ type: 'webhook', name: 'webhook:alerts' })]);
    const [{ destination }] = built as [(typeof built)[0]];
    expect(destination.batches.map((batch) => batch.map((e) => e.sequence))).toEqual([[5, 6, 7], [8, 9, 10], [11, 12, 13], [14]]);
    expect(destination.closed).toBe(true);
    const stored = await withLog((log) => log.after(4, 10));
    expect(destination.batches.flat()).toEqual(stored.map((s) => toEnvelope(s, 'dlb-')));
    expect(await withLog((log) => log.cursors())).toEqual({ rabbitmq: 20, 'webhook:alerts': 7 });
  });

  it('--type narrows the window; a destination named by its type is found', async () => {
    const run = await dealbot('--since', '2026-12-01', '--type', 'DealClosed,OperatorActed', '--to', 'rabbitmq');
    expect(run.code).toBe(0);
    expect(built.map((b) => b.config.type)).toEqual(['rabbitmq']);
    expect(built[0]?.destination.batches.map((batch) => batch.map((e) => `${e.sequence} ${e.type}`))).toEqual([
      ['4 DealClosed', '8 DealClosed', '12 DealClosed'],
      ['16 DealClosed', '20 DealClosed', '24 DealClosed'],
      ['25 OperatorActed'],
    ]);
  });

  it('--dry-run only counts: no destination is built', async () => {
    const run = await dealbot('--since', '2026-12-01T08:21:00Z', '--to', 'rabbitmq', '--dry-run');
    expect(run).toEqual({ code: 0, stdout: '5 events would be sent to rabbitmq (sequence 21 to 25): 1 DealOpened, 1 OrderFilled, 1 DealBought, 1 DealClosed, 1 OperatorActed\n', stderr: '' });
    expect(built).toEqual([]);
    const empty = await dealbot('--since', '2027-01-01', '--to', 'rabbitmq', '--dry-run');
    expect(empty.stdout).toBe('no events in the window: nothing would be sent to rabbitmq\n');
  });

  it('a batch the destination does not confirm ends the replay: one line saying how many went, exit 1, the connection closed', async () => {
    refuseBatch = 1;
    const run = await dealbot('--since', '2026-12-01', '--to', 'webhook:alerts');
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('dealbot: webhook:alerts did not confirm a batch after 3 events were sent: the receiver answered 503\n');
    expect(built[0]?.destination.batches.map((batch) => batch.map((e) => e.sequence))).toEqual([[1, 2, 3]]);
    expect(built[0]?.destination.closed).toBe(true);
  });
});
