import { expect, it } from 'vitest';
import { dec } from '../../../../src/domain/shared/decimal.js';
import { BotProcess } from '../../../support/realtime/bot-process.js';
import { tempDir } from '../../../support/realtime/bot-config.js';
import { crashInvariantViolations, quoteFromFills, readDbState } from '../../../support/realtime/db-state.js';
import { seededRandom } from '../realtime/crash.fixtures.js';
import { paperOrdersAsServerOrders, readPaperAccount, writeSimConfig } from './restart.fixtures.js';

/** Kills per run (CI default 5) and the seed of their moments; a failing run is replayed with its seed. */
const KILLS = Number(process.env.DEALBOT_RESTART_KILLS ?? 5);
const SEED = Number(process.env.DEALBOT_RESTART_SEED ?? 11);
// Each round runs at most 2.6 s before its kill: at 20 ms a candle that is at most 130 candles, so
// 5 rounds cannot reach the end of 1,000 however fast the machine (at 6 ms an idle one did).
const CANDLES = 1_000;
const PACE_MS = 20;

it(`a paper run on the simulated market (SQLite file) SIGKILLed ${KILLS} times at random moments and restarted each time finishes its feed; the end state passes the crash test's checks`, async () => {
  const dir = tempDir('dealbot-restart-');
  const database = `sqlite:${dir.path}/paper.db`;
  const accountFile = `${dir.path}/paper.db.paper.json`;
  const config = writeSimConfig(dir.path, database);
  const args = ['run', '-c', config, '--candles', String(CANDLES), '--pace', String(PACE_MS)];
  const random = seededRandom(SEED);
  const positions: number[] = [];
  try {
    for (let round = 0; round < KILLS; round += 1) {
      const bot = BotProcess.spawn(args, { label: `round ${round}` });
      await bot.waitForOutput(/state in sqlite:/);
      // from the start-up reconciliation to well into trading
      await new Promise((r) => setTimeout(r, 100 + random() * 2_500));
      expect(bot.running, `round ${round} ended before its kill: ${bot.tail()}`).toBe(true);
      bot.signal('SIGKILL');
      expect((await bot.waitForExit()).signal).toBe('SIGKILL');
      const times = Object.values(readPaperAccount(accountFile).simulatedMarket?.lastOpenTimes ?? {});
      positions.push(Math.min(...times));
    }
    const last = await BotProcess.run([...args, '--json'], { label: 'last run', timeoutMs: 60_000 });
    expect(last.exit, last.stderr).toEqual({ code: 0, signal: null });
    const summary = JSON.parse(last.stdout) as { stopped: string; ticks: number };
    expect(summary.stopped).toBe('end of feed');
    // a check run: the feed has ended (no candle is left), the start-up reconciliation settles every order
    const check = await BotProcess.run([...args, '--json'], { label: 'check run' });
    expect(check.exit, check.stderr).toEqual({ code: 0, signal: null });
    expect((JSON.parse(check.stdout) as { ticks: number }).ticks).toBe(0);

    // the market moved on with every restart and ended at the last candle of the series
    const account = readPaperAccount(accountFile);
    const start = Date.parse('2024-01-01T00:00:00Z');
    expect(Object.values(account.simulatedMarket!.lastOpenTimes)).toEqual([start + (CANDLES - 1) * 60_000, start + (CANDLES - 1) * 60_000]);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(summary.ticks).toBe(CANDLES - ((positions.at(-1)! - start) / 60_000 + 1));

    const state = await readDbState(database);
    const server = { orders: () => paperOrdersAsServerOrders(account), orderLists: () => [] };
    expect(crashInvariantViolations(server as never, state, { prefix: 'dlb-', settled: true })).toEqual([]);
    expect(state.deals.length).toBeGreaterThan(10);
    // the paper account's money moved by exactly the stored fills
    const usdt = account.accounts.USDT!;
    expect(dec(usdt.total).toString()).toBe(quoteFromFills(state, dec('10000'), 'USDT').toString());
    for (const base of ['BTC', 'ETH']) {
      const held = state.fills.reduce((sum, f) => {
        const order = state.orders.find((o) => o.client_order_id === f.client_order_id)!;
        if (!order.symbol.startsWith(`${base}/`)) return sum;
        return order.side === 'buy' ? sum.plus(dec(f.amount)) : sum.minus(dec(f.amount));
      }, dec(0));
      expect(dec(account.accounts[base]?.total ?? '0').toString(), base).toBe(held.toString());
    }
    console.info(`restart test (seed ${SEED}): ${KILLS} kills at candles ${positions.map((p) => (p - start) / 60_000 + 1).join(', ')}; ${state.deals.length} deals, ${state.fills.length} fills`);
  } finally {
    dir.remove();
  }
}, 180_000);
