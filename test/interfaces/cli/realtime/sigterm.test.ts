import { afterEach, expect, it } from 'vitest';
import { RT_SYMBOLS } from '../../../support/realtime/bot-config.js';
import { crashInvariantViolations, localStatus, readDbState } from '../../../support/realtime/db-state.js';
import type { BotProcess } from '../../../support/realtime/bot-process.js';
import { cycleShape } from '../../../support/realtime/minute-script.js';
import { driveLive, driveUntilClosed, expectNoSecretsInOutput, signalMinute, startRig, waitClosed, type Rig } from './realtime.fixtures.js';

/**
 * Issue 5: SIGTERM during trading. The server holds each answer to a new order for 300 ms and the
 * signal arrives while the first of a tick's three buys is on the wire: the bot finishes the
 * tick's requests, records their answers, and exits 0. A restart on the same database
 * reconciles, gets its pending deals back and closes them.
 */

let rig: Rig | undefined;

afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

expectNoSecretsInOutput();

const PAIRS = RT_SYMBOLS.length;
/** Generous: each test starts two or three processes (2-4 s each on a loaded machine). */
const TIMEOUT = 120_000;

/** Trades cycle 0 to its end, then streams cycle 1 up to its signal and sends SIGTERM as its first buy reaches the server. */
async function tradeThenTerminate(r: Rig, extra: readonly string[] = []) {
  const { sim, script } = r;
  const bot = r.run('live', extra);
  await r.subscribed(bot);
  script.open(0);
  await driveLive(r, bot, 0, signalMinute(1) - 1);
  await waitClosed(r, bot, PAIRS);
  sim.failNext('createOrder', { kind: 'slow', afterMs: 300 }, PAIRS);
  let signalledAt: number | null = null;
  const off = sim.onRequest(({ phase, request }) => {
    if (phase !== 'received' || request.endpoint !== 'createOrder' || signalledAt !== null) return;
    signalledAt = sim.requests().length;
    bot.signal('SIGTERM');
  });
  script.step(signalMinute(1));
  const exit = await bot.waitForExit();
  off();
  expect(signalledAt).not.toBeNull();
  expect(exit, bot.tail()).toEqual({ code: 0, signal: null });
  expect(bot.stdout).toMatch(/Stopped after \d+ candles per pair\./);
  expect(bot.stderr).not.toMatch(/"level":(50|60)/);
  return bot;
}

it('SIGTERM with orders in flight: exit 0, every order on the server has its row with the server status; a restart reconciles, gets the deals back and closes them', async () => {
  rig = await startRig();
  const r = rig;
  const { sim } = r;
  await tradeThenTerminate(r);

  // The tick's three buys all went out and their answers were recorded before the exit.
  const buys = sim.orders().filter((o) => o.side === 'BUY' && o.status === 'NEW');
  expect(buys).toHaveLength(PAIRS);
  const state = await readDbState(r.database);
  for (const order of sim.orders()) expect(state.orders.find((o) => o.client_order_id === order.clientOrderId)?.status).toBe(localStatus(order));
  expect(state.orders.filter((o) => o.status === 'new' || o.status === 'unknown')).toEqual([]);
  expect(state.deals.map((d) => d.status).sort()).toEqual([...Array(PAIRS).fill('closed'), ...Array(PAIRS).fill('pending')]);
  expect(crashInvariantViolations(sim, state, { prefix: 'dlb-', settled: true })).toEqual([]);

  // Restart on the same database: reconciliation asks the server about every pending buy before trading.
  // The candles pushed so far are ahead of the wall clock, where the new process's history ends: it would
  // take them all for new ones and trade them again. Cut the server's history to the last two, as if
  // they were the latest the exchange had, so it starts there.
  sim.trimKlines(2);
  const before = sim.requests().length;
  const second = r.run('live');
  await r.subscribed(second);
  const asked = sim
    .requests()
    .slice(before)
    .filter((q) => q.endpoint === 'queryOrder')
    .map((q) => q.params['origClientOrderId']);
  for (const buy of buys) expect(asked).toContain(buy.clientOrderId);
  // It says so: the three buys checked, the three deals working again, nothing unresolved.
  expect(second.stdout).toMatch(/reconciled 3 unfinished orders with the exchange; 3 deals working/);
  expect(second.stdout).not.toMatch(/blocks trading|blocked/);

  // The restarted bot carries the deals on: the buys fill, the sells are placed and fill, the deals close.
  await driveLive(r, second, signalMinute(1) + 1, signalMinute(1) + 1);
  await driveUntilClosed(r, second, signalMinute(1) + 2, 2 * PAIRS, signalMinute(1) + 10);
  // the console line follows the commit the database shows: wait for it, then no more than that
  await second.waitForOutput(/ closed \(/, PAIRS, 10_000);
  expect(second.count(/ closed \(/)).toBe(PAIRS);
  second.signal('SIGTERM');
  expect(await second.waitForExit(), second.tail()).toEqual({ code: 0, signal: null });

  const after = await readDbState(r.database);
  expect(after.deals.map((d) => d.status)).toEqual(Array(2 * PAIRS).fill('closed'));
  expect(sim.openOrders()).toEqual([]);
  expect(crashInvariantViolations(sim, after, { prefix: 'dlb-', settled: true })).toEqual([]);
}, TIMEOUT);

it('SIGTERM with --cancel-open-orders-on-exit: the in-flight buys are recorded, then cancelled on the server and in the database', async () => {
  rig = await startRig();
  const r = rig;
  const bot = await tradeThenTerminate(r, ['--cancel-open-orders-on-exit']);
  expect(bot.stdout).toContain(`Cancelled ${PAIRS} resting orders on exit.`);
  expect(r.sim.openOrders()).toEqual([]);
  expect(r.sim.orders().filter((o) => o.status === 'CANCELED')).toHaveLength(PAIRS);
  const state = await readDbState(r.database);
  expect(state.deals.map((d) => d.status).sort()).toEqual([...Array(PAIRS).fill('cancelled'), ...Array(PAIRS).fill('closed')]);
  expect(crashInvariantViolations(r.sim, state, { prefix: 'dlb-', settled: true })).toEqual([]);
}, TIMEOUT);

it('SIGTERM with --cancel-open-orders-on-exit while sells rest: they are cancelled; the restart places new sells (next attempt) and the deals close', async () => {
  // Cycle 0, but once the buys filled the price rests above them and below the sells, until released.
  let release = Number.POSITIVE_INFINITY;
  rig = await startRig({ shape: (k) => (k > signalMinute(0) && k < release ? 0.975 : cycleShape(k)) });
  const r = rig;
  const { sim } = r;
  const sells = () => sim.orders().filter((o) => o.side === 'SELL');
  const bot = r.run('live', ['--cancel-open-orders-on-exit']);
  await r.subscribed(bot);
  r.script.open(0);
  await driveLive(r, bot, 0, signalMinute(0) + 1);
  let minute = signalMinute(0) + 2;
  // The bot places the sells once it learns of the fills: at the next candle or a little later.
  for (; !(await sellsPlaced(bot, sells, PAIRS)); minute += 1) r.script.step(minute);
  bot.signal('SIGTERM');
  expect(await bot.waitForExit(), bot.tail()).toEqual({ code: 0, signal: null });
  expect(bot.stdout).toContain(`Cancelled ${PAIRS} resting orders on exit.`);
  expect(sim.openOrders()).toEqual([]);
  expect(sells().map((o) => o.status)).toEqual(Array(PAIRS).fill('CANCELED'));
  const stopped = await readDbState(r.database);
  expect(stopped.deals.map((d) => d.status)).toEqual(Array(PAIRS).fill('open'));
  for (const sell of sells()) expect(stopped.orders.find((o) => o.client_order_id === sell.clientOrderId)?.status).toBe('canceled');

  sim.trimKlines(2);
  const second = r.run('live');
  await r.subscribed(second);
  await second.waitUntil(() => sells().filter((o) => o.status === 'NEW').length === PAIRS, 'new sells after the restart');
  for (const sell of sells().filter((o) => o.status === 'NEW')) expect(sell.clientOrderId).toMatch(/-s2$/);
  release = minute;
  await driveUntilClosed(r, second, minute, PAIRS, minute + 8);
  second.signal('SIGTERM');
  expect(await second.waitForExit(), second.tail()).toEqual({ code: 0, signal: null });
  const state = await readDbState(r.database);
  expect(state.deals.map((d) => d.status)).toEqual(Array(PAIRS).fill('closed'));
  expect(crashInvariantViolations(sim, state, { prefix: 'dlb-', settled: true })).toEqual([]);
}, TIMEOUT);

/** Waits up to 3 s for `count` sells on the server; false when they are not there yet. */
async function sellsPlaced(bot: BotProcess, sells: () => readonly unknown[], count: number): Promise<boolean> {
  const deadline = Date.now() + 3_000;
  while (sells().length < count) {
    if (!bot.running) throw new Error(`${bot.label}: exited before placing its sells\n${bot.tail()}`);
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 20));
  }
  return true;
}
