import { existsSync, readFileSync, renameSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BotProcess } from '../../../support/realtime/bot-process.js';
import { tempDir } from '../../../support/realtime/bot-config.js';
import { readPaperAccount, writeSimConfig } from './restart.fixtures.js';

const START = Date.parse('2024-01-01T00:00:00Z');
const MINUTE = 60_000;
/** The times of the deal event lines a run printed. */
const eventTimes = (stdout: string): number[] => [...stdout.matchAll(/^(\d{4}-\d\d-\d\d \d\d:\d\d) {2}/gm)].map((m) => Date.parse(`${m[1]!.replace(' ', 'T')}:00Z`));

describe('restarting a paper run on the simulated market', () => {
  it('after a normal end, a restart continues the market: candle times strictly after the first run\'s, --candles counting the whole series', async () => {
    const dir = tempDir('dealbot-restart-');
    try {
      const config = writeSimConfig(dir.path, `sqlite:${dir.path}/paper.db`);
      const account = `${dir.path}/paper.db.paper.json`;
      const first = await BotProcess.run(['run', '-c', config, '--candles', '150', '--pace', '0']);
      expect(first.exit, first.stderr).toEqual({ code: 0, signal: null });
      expect(first.stdout).toContain('Feed ended after 150 candles per pair.');
      expect(readPaperAccount(account).simulatedMarket?.lastOpenTimes).toEqual({ 'BTC/USDT': START + 149 * MINUTE, 'ETH/USDT': START + 149 * MINUTE });
      const firstTimes = eventTimes(first.stdout);
      expect(firstTimes.length).toBeGreaterThan(0);
      expect(Math.max(...firstTimes)).toBeLessThanOrEqual(START + 150 * MINUTE);

      const second = await BotProcess.run(['run', '-c', config, '--candles', '300', '--pace', '0']);
      expect(second.exit, second.stderr).toEqual({ code: 0, signal: null });
      expect(second.stdout).toContain('Feed ended after 150 candles per pair.');
      expect(readPaperAccount(account).simulatedMarket?.lastOpenTimes).toEqual({ 'BTC/USDT': START + 299 * MINUTE, 'ETH/USDT': START + 299 * MINUTE });
      const secondTimes = eventTimes(second.stdout);
      expect(secondTimes.length).toBeGreaterThan(0);
      // candle 150 opens at 02:30 and closes at 02:31: every event of the second run is on or after the first run's end
      expect(Math.min(...secondTimes)).toBeGreaterThanOrEqual(START + 150 * MINUTE);
      expect(Math.max(...secondTimes)).toBeGreaterThan(START + 151 * MINUTE);

      // the series is over: a third run streams nothing and ends
      const third = await BotProcess.run(['run', '-c', config, '--candles', '300', '--pace', '0', '--json']);
      expect(third.exit, third.stderr).toEqual({ code: 0, signal: null });
      expect(JSON.parse(third.stdout)).toMatchObject({ stopped: 'end of feed', ticks: 0 });
    } finally {
      dir.remove();
    }
  }, 90_000);

  it('refuses in one line an account file made by another simulated market, and writes nothing', async () => {
    const dir = tempDir('dealbot-restart-');
    try {
      const config = writeSimConfig(dir.path, `sqlite:${dir.path}/paper.db`);
      const account = `${dir.path}/paper.db.paper.json`;
      const first = await BotProcess.run(['run', '-c', config, '--candles', '80', '--pace', '0', '-q']);
      expect(first.exit, first.stderr).toEqual({ code: 0, signal: null });
      const before = readFileSync(account, 'utf8');
      const other = await BotProcess.run(['run', '-c', config, '--candles', '80', '--pace', '0', '--seed', '8']);
      expect(other.exit.code).toBe(1);
      expect(other.stderr).toBe(`dealbot: ${account}: cannot resume this paper account: it was made by a simulated market with seed 7; this run has 8\n`);
      expect(readFileSync(account, 'utf8')).toBe(before);
    } finally {
      dir.remove();
    }
  }, 60_000);

  it('refuses an account file whose database holds no deals (the database was replaced), and sqlite::memory: keeps no file', async () => {
    const dir = tempDir('dealbot-restart-');
    try {
      const config = writeSimConfig(dir.path, `sqlite:${dir.path}/paper.db`);
      const first = await BotProcess.run(['run', '-c', config, '--candles', '120', '--pace', '0', '-q']);
      expect(first.exit, first.stderr).toEqual({ code: 0, signal: null });
      const moved = await BotProcess.run(['run', '-c', config, '--candles', '120', '--pace', '0', '--database', `sqlite:${dir.path}/other.db`]);
      expect(moved.exit.code).toBe(0); // another database: its own account file, a fresh start
      renameSync(`${dir.path}/other.db.paper.json`, `${dir.path}/fresh.db.paper.json`);
      const replaced = await BotProcess.run(['run', '-c', config, '--candles', '120', '--pace', '0', '--database', `sqlite:${dir.path}/fresh.db`]);
      expect(replaced.exit.code).toBe(1);
      expect(replaced.stderr).toMatch(/^dealbot: \S+fresh\.db\.paper\.json: the paper account holds \d+ orders but sqlite:\S+fresh\.db holds no deals: delete the account file to start over, or use the database that made it\n$/);
      const memory = await BotProcess.run(['run', '-c', config, '--candles', '50', '--pace', '0', '-q', '--database', 'sqlite::memory:']);
      expect(memory.exit.code).toBe(0);
      expect(existsSync(`${dir.path}/sqlite::memory:.paper.json`) || existsSync('sqlite::memory:.paper.json')).toBe(false);
    } finally {
      dir.remove();
    }
  }, 90_000);
});
