import { renameSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BotProcess } from '../../support/realtime/bot-process.js';
import { tempDir } from '../../support/realtime/bot-config.js';
import { readDbState } from '../../support/realtime/db-state.js';
import { writeSimConfig } from './restart/restart.fixtures.js';

interface Missing {
  readonly kind: string;
  readonly clientOrderId: string;
  readonly localStatus: string;
  readonly exchangeSaid: string;
  readonly amount: string;
}

describe('dealbot reconcile', () => {
  it('lists the orders a lost paper account leaves open here, resolves each with a note, and the bot starts again', async () => {
    const dir = tempDir('dealbot-reconcile-');
    try {
      const database = `sqlite:${dir.path}/paper.db`;
      const config = writeSimConfig(dir.path, database);
      const first = await BotProcess.run(['run', '-c', config, '--candles', '200', '--pace', '0', '-q']);
      expect(first.exit, first.stderr).toEqual({ code: 0, signal: null });
      renameSync(`${dir.path}/paper.db.paper.json`, `${dir.path}/lost.paper.json`); // the paper account is gone
      const blocked = await BotProcess.run(['run', '-c', config, '--candles', '300', '--pace', '0', '-q']);
      expect(blocked.exit.code).toBe(1);
      expect(blocked.stderr).toMatch(/^dealbot: trading blocked until resolved: order dlb-\S+ is open here but unknown to the exchange \(dealbot reconcile lists it and takes a resolution\)/);

      const listed = await BotProcess.run(['reconcile', '-c', config, '--json']);
      expect(listed.exit, listed.stderr).toEqual({ code: 0, signal: null });
      const items = (JSON.parse(listed.stdout) as { blocking: Missing[] }).blocking;
      expect(items.length).toBeGreaterThan(0);
      for (const item of items) expect(item).toMatchObject({ kind: 'missing', localStatus: 'open', exchangeSaid: 'no such order' });
      const human = await BotProcess.run(['reconcile', '-c', config]);
      expect(human.stdout).toContain(`${items.length} item${items.length === 1 ? '' : 's'} block`);
      expect(human.stdout).toContain(`resolve with: dealbot reconcile --resolve ${items[0]!.clientOrderId}=canceled|rejected|expired`);

      for (const item of items) {
        const resolved = await BotProcess.run(['reconcile', '-c', config, '--resolve', `${item.clientOrderId}=canceled`, '--note', 'paper account lost']);
        expect(resolved.exit, resolved.stderr).toEqual({ code: 0, signal: null });
        expect(resolved.stdout).toMatch(new RegExp(`^order ${item.clientOrderId} resolved as canceled; deal \\w+ is \\w+`));
      }
      const state = await readDbState(database);
      for (const item of items) expect(state.orders.find((o) => o.client_order_id === item.clientOrderId)?.reason).toBe('resolved by the operator (the exchange has no trace of it): paper account lost');
      const none = await BotProcess.run(['reconcile', '-c', config]);
      expect(none.stdout).toBe('Nothing blocks trading: every unfinished order is known to the exchange, or settled by the next start.\n');
      const again = await BotProcess.run(['run', '-c', config, '--candles', '300', '--pace', '0', '--json']);
      expect(again.exit, again.stderr).toEqual({ code: 0, signal: null });
      expect(JSON.parse(again.stdout)).toMatchObject({ stopped: 'end of feed' });

      // refusals: one line each, nothing written
      const before = JSON.stringify(await readDbState(database));
      const final = await BotProcess.run(['reconcile', '-c', config, '--resolve', `${items[0]!.clientOrderId}=canceled`]);
      expect([final.exit.code, final.stderr]).toEqual([1, `dealbot: order ${items[0]!.clientOrderId} is already canceled: nothing to resolve\n`]);
      const unknown = await BotProcess.run(['reconcile', '-c', config, '--resolve', 'dlb-nosuch-b1=canceled']);
      expect([unknown.exit.code, unknown.stderr]).toEqual([1, "dealbot: no order dlb-nosuch-b1 here, nor open on the exchange with this bot's prefix dlb-\n"]);
      const filled = await BotProcess.run(['reconcile', '-c', config, '--resolve', `${items[0]!.clientOrderId}=filled`]);
      expect(filled.exit.code).toBe(2);
      expect(filled.stderr).toContain('=filled is not accepted: without the exchange\'s trades a fill cannot be recorded exactly');
      expect(JSON.stringify(await readDbState(database))).toBe(before);
    } finally {
      dir.remove();
    }
  }, 120_000);

  it('refuses a database that keeps nothing or does not exist, in one line', async () => {
    const dir = tempDir('dealbot-reconcile-');
    try {
      const config = writeSimConfig(dir.path, `sqlite:${dir.path}/none.db`);
      const missing = await BotProcess.run(['reconcile', '-c', config]);
      expect([missing.exit.code, missing.stderr]).toEqual([1, `dealbot: sqlite:${dir.path}/none.db: no such database\n`]);
      const memory = await BotProcess.run(['reconcile', '-c', config, '--database', 'sqlite::memory:']);
      expect([memory.exit.code, memory.stderr]).toEqual([1, 'dealbot: sqlite::memory: keeps nothing between runs: there is nothing to reconcile\n']);
    } finally {
      dir.remove();
    }
  }, 60_000);
});
