import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toEnvelope } from '../../../../src/infrastructure/events/event-envelope.js';
import { openDatabase, SqlOutboxLog, SqlUnitOfWork } from '../../../../src/infrastructure/persistence/sql/index.js';
import { dealbot } from '../bad-input/harness.js';
import { botFolder, cleanEnv, commitEvents, sampleEvents, startDealbot, T0 } from './events-fixture.js';

/**
 * `dealbot events tail` over the outbox: a real SQLite file whose events were committed through
 * the unit of work, the real CLI spawned on it. 6 deals of 4 events and one operator action:
 * sequences 1-25, event k at 08:00 + k minutes on 2026-12-01.
 */

let dir = '';
const tail = (...args: string[]) => dealbot(['events', 'tail', ...args], dir, cleanEnv());
const sequences = (stdout: string): number[] => stdout.trimEnd().split('\n').map((line) => Number(/ #(\d+) /.exec(line)?.[1]));

beforeAll(async () => {
  dir = await botFolder(sampleEvents(6));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('dealbot events tail (outbox)', () => {
  it('prints the last 20 events oldest first, one line each: time, #sequence, type, pair, deal, figures; and writes nothing', async () => {
    const run = await tail();
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(sequences(run.stdout)).toEqual(Array.from({ length: 20 }, (_, i) => i + 6));
    expect(lines.slice(-5)).toEqual([
      '2026-12-01 08:21:00  #21  DealOpened               BTC/USDT   deal d6  buy 0.01 @ 2006.5',
      '2026-12-01 08:22:00  #22  OrderFilled              BTC/USDT   deal d6  buy 0.01 @ 2006.5, fee 0.00001 ETH, filled 0.01, order dlb-d6-b1',
      '2026-12-01 08:23:00  #23  DealBought               BTC/USDT   deal d6  bought 0.00999 @ 2006.5',
      '2026-12-01 08:24:00  #24  DealClosed               BTC/USDT   deal d6  PnL 0.6, fees 0.04 (take profit)',
      '2026-12-01 08:25:00  #25  OperatorActed            -          -  pause (200): paused ETH/USDT',
    ]);
    expect(readdirSync(dir).sort()).toEqual(['bot.db', 'dealbot.yaml']);
  }, 60_000);

  it('--json prints each event\'s envelope, as the relay sends it, one per line', async () => {
    const run = await tail('--json', '--limit', '25');
    expect(run.code).toBe(0);
    const printed = run.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as unknown);
    const database = await openDatabase(`sqlite:${join(dir, 'bot.db')}`, { readOnly: true });
    try {
      const stored = await new SqlOutboxLog(database.db).after(0, 100);
      expect(printed).toEqual(stored.map((s) => toEnvelope(s, 'dlb-')));
    } finally {
      await database.close();
    }
    expect(printed[0]).toMatchObject({ type: 'DealOpened', sequence: 1, occurredAt: '2026-12-01T08:01:00.000Z', botPrefix: 'dlb-', dealId: 'd1', symbol: 'ETH/USDT', payload: { price: '2001.5', amount: '0.01' } });
  }, 60_000);

  it('--type (a list or repeated), --since and --limit pick the events', async () => {
    expect(sequences((await tail('--type', 'DealClosed,OperatorActed')).stdout)).toEqual([4, 8, 12, 16, 20, 24, 25]);
    expect(sequences((await tail('--type', 'DealClosed', '--type', 'DealOpened', '--limit', '3')).stdout)).toEqual([20, 21, 24]);
    expect(sequences((await tail('--since', '2026-12-01T08:22:00Z')).stdout)).toEqual([22, 23, 24, 25]);
    // with --since, --limit counts from the date on
    expect(sequences((await tail('--since', '2026-12-01T08:10:00Z', '--limit', '2')).stdout)).toEqual([10, 11]);
    expect(sequences((await tail('--since', '2026-12-01T08:05:00Z', '--type', 'DealBought', '--limit', '2')).stdout)).toEqual([7, 11]);
    const none = await tail('--since', '2026-12-02');
    expect(none).toMatchObject({ code: 0, stdout: '', stderr: '' });
  }, 120_000);

  it('--follow prints the stored ones, then an event committed after it started, and ends with exit 0 on SIGTERM', async () => {
    const running = startDealbot(['events', 'tail', '--follow', '--limit', '2', '--type', 'DealOpened,DealClosed'], dir, cleanEnv());
    try {
      await running.waitFor(/#24 /);
      expect(sequences(running.stdout())).toEqual([21, 24]);
      await commitEvents(dir, [
        { type: 'DealCancelled', occurredAt: T0 + 40 * 60_000, dealId: 'd7', symbol: 'ETH/USDT', reason: 'buy expired' },
        { type: 'DealOpened', occurredAt: T0 + 41 * 60_000, dealId: 'd8', symbol: 'ETH/USDT', buyOrderId: 'dlb-d8-b1', price: '1999', amount: '0.02' },
      ]);
      await running.waitFor(/#27 /);
      running.child.kill('SIGTERM');
      expect(await running.exited).toBe(0);
      expect(running.stdout().trimEnd().split('\n').slice(2)).toEqual(['2026-12-01 08:41:00  #27  DealOpened               ETH/USDT   deal d8  buy 0.02 @ 1999']);
      expect(running.stderr()).toBe('');
    } finally {
      running.child.kill('SIGKILL');
    }
  }, 60_000);

  it('--follow beside a running writer (the database open, in WAL mode) prints each commit of that writer', async () => {
    const writer = await openDatabase(`sqlite:${join(dir, 'bot.db')}`);
    const running = startDealbot(['events', 'tail', '--follow', '--limit', '1', '--json'], dir, cleanEnv());
    try {
      await running.waitFor(/"sequence":\d+/);
      const [before] = running.stdout().trimEnd().split('\n').map((line) => JSON.parse(line) as { sequence: number });
      for (const i of [1, 2]) {
        await new SqlUnitOfWork(writer).run((r) => r.outbox.add([{ type: 'DealCancelled', occurredAt: T0 + (50 + i) * 60_000, dealId: `w${i}`, symbol: 'SOL/USDT', reason: `expired ${i}` }]));
        await running.waitFor(new RegExp(`"dealId":"w${i}"`));
      }
      running.child.kill('SIGTERM');
      expect(await running.exited).toBe(0);
      const printed = running.stdout().trimEnd().split('\n').map((line) => JSON.parse(line) as { sequence: number; dealId: string });
      expect(printed.map((e) => e.sequence)).toEqual([before?.sequence, (before?.sequence ?? 0) + 1, (before?.sequence ?? 0) + 2]);
    } finally {
      running.child.kill('SIGKILL');
      await writer.close();
    }
  }, 60_000);
});
