import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { deliveryLines, runCommand } from '../../../src/interfaces/cli/run.command.js';
import { openDatabase, SqlOutboxLog } from '../../../src/infrastructure/persistence/sql/index.js';
import { CLI_DEPS } from '../../../src/main.js';
import { RecordingDestination } from '../../infrastructure/events/relay-fixtures.js';
import { ROOT } from '../../support/cli.js';

const folders: string[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/** Runs `dealbot run` in this process with the given destinations; returns what it printed. */
async function run(destinations: RecordingDestination[], json = false): Promise<{ printed: string; database: string }> {
  const folder = mkdtempSync(join(tmpdir(), 'dealbot-run-events-'));
  folders.push(folder);
  const database = `sqlite:${join(folder, 'bot.db')}`;
  let printed = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((printed += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((printed += String(chunk)), true));
  const code = await runCommand({ ...CLI_DEPS, eventDestinations: async () => destinations }, { config: join(ROOT, 'config/default.yaml'), candles: 600, pace: 0, database, quiet: true, json });
  expect(code).toBe(0);
  return { printed, database };
}

describe('dealbot run with event destinations', () => {
  it('relays every committed event of the run to each destination, closes them, and sums up delivery in the summary', async () => {
    const broker = new RecordingDestination('rabbitmq');
    const refusing = new RecordingDestination('webhook');
    refusing.mode = 'refuse';
    const { printed, database } = await run([broker, refusing]);
    const db = await openDatabase(database);
    const outbox = await new SqlOutboxLog(db.db).after(0, 100_000);
    await db.close();
    expect(outbox.length).toBeGreaterThan(0);
    expect(broker.received.map((e) => e.id)).toEqual(outbox.map((e) => e.eventId));
    expect([broker.closed, refusing.closed]).toEqual([1, 1]);
    expect(printed).toContain(`events → rabbitmq: delivered ${broker.received.length}, pending 0\n`);
    expect(printed).toMatch(/events → webhook: delivered 0, pending [1-9]\d* \(sent on the next start\)\n/);
    expect(printed.match(/webhook: down/g)).toHaveLength(1);
  });

  it('puts the delivery figures in the JSON summary', async () => {
    const broker = new RecordingDestination('nats');
    const { printed } = await run([broker], true);
    const json = JSON.parse(printed.slice(printed.indexOf('{\n'))) as { events: unknown };
    expect(json.events).toEqual([{ destination: 'nats', delivered: broker.received.length, pending: 0 }]);
  });

  it('says nothing of delivery when the run has no destinations', () => {
    expect(deliveryLines([])).toEqual([]);
  });
});
