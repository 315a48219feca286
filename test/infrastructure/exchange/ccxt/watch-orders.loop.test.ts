import { afterEach, expect, it } from 'vitest';
import { sumDecimals } from '../../../../src/domain/shared/decimal.js';
import { waitFor } from '../../../support/binance-sim/manual-time.js';
import { expectNoSecretsLogged } from './ccxt.fixtures.js';
import { tradingRig, type TradingRig } from './trading.fixtures.js';

let t: TradingRig;

afterEach(async () => {
  await t.close();
});

expectNoSecretsLogged();

/** Every order the bot stored is on the server with the same status and fill, nothing else is, no order rests, money agrees. */
async function agreesWithServer(): Promise<void> {
  const { sim } = t.rig;
  const deals = await t.deals();
  expect(deals).toHaveLength(10);
  expect(deals.every((d) => d.status === 'closed')).toBe(true);
  const local = deals.flatMap((d) => d.orders.map((o) => [o.clientOrderId, o.status, o.filled.toString()]));
  const remote = sim.orders().map((o) => [o.clientOrderId, o.status === 'FILLED' ? 'closed' : o.status, o.executedQty.toString()]);
  expect(local.sort()).toEqual(remote.sort());
  expect(sim.openOrders()).toEqual([]);
  const pnl = sumDecimals(deals.map((d) => d.pnl!));
  expect(sim.balance('USDT')).toEqual({ free: pnl.plus(100000).toString(), locked: '0' });
  // Each server trade was applied exactly once.
  const trades = sim.orders().reduce((n, o) => n + o.trades.length, 0);
  expect(t.events.filter((e) => e.type === 'OrderFilled')).toHaveLength(trades);
}

/** fetchOrder (GET /api/v3/order) requests the sim received while the loop played minutes 1..9. */
async function queryOrdersOverRun(pushUpdates: boolean): Promise<number> {
  t = await tradingRig({ bullishMinutes: [1, 5], pushUpdates });
  const before = t.rig.sim.requests('queryOrder').length;
  await t.playTo(9);
  const count = t.rig.sim.requests('queryOrder').length - before;
  await agreesWithServer();
  await t.close();
  return count;
}

it('5 pairs: with watchOrders the loop agrees with the server and makes far fewer fetchOrder requests per tick than polling', async () => {
  const polled = await queryOrdersOverRun(false);
  const pushed = await queryOrdersOverRun(true);
  // 9 ticks: polling asks about every working order on every tick (5 most of the time here).
  console.info(`fetchOrder requests over 9 ticks: polling ${polled}, watchOrders ${pushed}`);
  expect(polled).toBeGreaterThanOrEqual(15);
  // Pushed: fills come on the stream; the loop asks only when the stream cannot vouch (first tick, drops) or a deal needs it.
  expect(pushed).toBeLessThanOrEqual(polled / 4);
  t = await tradingRig({ bullishMinutes: [] }); // for afterEach
});

it('a duplicate executionReport for a trade already applied is applied once (trade id)', async () => {
  t = await tradingRig({ bullishMinutes: [1, 5] });
  const { sim } = t.rig;
  await t.playTo(4); // buys filled on minute 2, sells on minute 3
  const trades = sim.userEvents().filter((e) => (e as { x: string }).x === 'TRADE');
  expect(trades.length).toBe(10);
  for (const event of trades) sim.publishUserEvent(event);
  await t.playTo(9);
  await agreesWithServer();
});

it('fills while the order stream is down are found by the loop polling; the stream comes back and the run ends agreeing', async () => {
  t = await tradingRig({ bullishMinutes: [1, 5] });
  const { sim, exchange } = t.rig;
  await t.playTo(2); // buys placed on minute 1's close, resting
  await waitFor(() => exchange.orderWatchStatus()?.state === 'up', 'the order stream');
  sim.dropUserStreams({ refuse: true });
  await waitFor(() => exchange.orderWatchStatus()?.state === 'down', 'the drop to be seen');
  const userEvents = sim.userEvents().length;
  await t.playTo(5); // buys fill on minute 2, sells placed, sells fill on minute 3: all while nobody listens
  expect(sim.userEvents().length).toBeGreaterThan(userEvents);
  expect((await t.deals()).filter((d) => d.status === 'closed')).toHaveLength(5);
  sim.acceptUserStreams();
  await t.playTo(9);
  expect(exchange.orderWatchStatus()?.state).toBe('up');
  await agreesWithServer();
});
