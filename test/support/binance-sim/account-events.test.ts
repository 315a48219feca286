import { expect, it } from 'vitest';
import type { BinanceSim } from './binance-sim.js';
import { waitFor } from './manual-time.js';
import { startStops } from './stops.fixtures.js';

/**
 * outboundAccountPosition (user-data-stream.md): after every change of balances, the absolute
 * free and locked amounts of the assets it may have moved, `u` the account's last update time,
 * sent after the executionReport of the same change.
 */

const SYMBOL = 'BTC/USDT';
type Event = Record<string, unknown>;
const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const isAccount = (e: Event): boolean => e['e'] === 'outboundAccountPosition';

/** The user events since `from`: an executionReport as [the order's client id, X], a listStatus as [C, L], an account event as its balances. */
function since(sim: BinanceSim, from: number): unknown[] {
  return (sim.userEvents().slice(from) as Event[]).map((e) => (isAccount(e) ? e['B'] : e['e'] === 'listStatus' ? ['list', e['C'], e['L']] : [e['C'] || e['c'], e['X']]));
}

/** The latest outboundAccountPosition sent. */
function lastAccount(sim: BinanceSim): Event {
  return (sim.userEvents() as Event[]).filter(isAccount).at(-1)!;
}

it('a placed buy locks quote, its cancel frees it: each executionReport followed by the quote balance', async () => {
  const { sim, client } = await startStops();
  const from = sim.userEvents().length;
  await client.createOrder(SYMBOL, 'limit', 'buy', 0.1, 19000, { newClientOrderId: 'b1' });
  // 0.1 x 19000 x 1.001 (the maker fee held too)
  await client.cancelOrder('', SYMBOL, { origClientOrderId: 'b1' });
  expect(since(sim, from)).toEqual([
    ['b1', 'NEW'],
    [{ a: 'USDT', f: '8098.10000000', l: '1901.90000000' }],
    ['b1', 'CANCELED'],
    [{ a: 'USDT', f: '10000.00000000', l: '0.00000000' }],
  ]);
});

it('a fill moves base, quote and the commission asset (here the base received), in one event after the TRADE report', async () => {
  const { sim, client, bar } = await startStops({ BTC: '0', USDT: '10000' });
  const from = sim.userEvents().length;
  await client.createOrder(SYMBOL, 'limit', 'buy', 0.1, 19900, { newClientOrderId: 'b2' });
  bar(20000, 20000, 19800, 19950);
  const events = since(sim, from);
  expect(events.slice(2)).toEqual([
    ['b2', 'FILLED'],
    [
      { a: 'BTC', f: '0.09990000', l: '0.00000000' },
      { a: 'USDT', f: '8010.00000000', l: '0.00000000' },
    ],
  ]);
  expect(sim.balance('USDT')).toEqual({ free: '8010', locked: '0' });
});

it('an OCO: one event for the list hold; its trigger moves nothing; the fill and a cancelled list each report the held asset', async () => {
  const { sim, client, bar } = await startStops();
  const oco = { symbol: 'BTCUSDT', side: 'SELL', quantity: '0.1', aboveType: 'LIMIT_MAKER', abovePrice: '21000', belowType: 'STOP_LOSS_LIMIT', belowStopPrice: '19500', belowPrice: '19400', belowTimeInForce: 'GTC' };
  let from = sim.userEvents().length;
  await client.privatePostOrderListOco({ ...oco, listClientOrderId: 'L1', aboveClientOrderId: 'L1.tp', belowClientOrderId: 'L1.sl' });
  await client.privateDeleteOrderList({ symbol: 'BTCUSDT', listClientOrderId: 'L1' });
  expect(since(sim, from)).toEqual([
    ['L1.sl', 'NEW'],
    ['L1.tp', 'NEW'],
    ['list', 'L1', 'EXECUTING'],
    [{ a: 'BTC', f: '0.90000000', l: '0.10000000' }],
    ['L1.sl', 'CANCELED'],
    ['L1.tp', 'CANCELED'],
    ['list', 'L1', 'ALL_DONE'],
    [{ a: 'BTC', f: '1.00000000', l: '0.00000000' }],
  ]);
  await client.privatePostOrderListOco({ ...oco, listClientOrderId: 'L2', aboveClientOrderId: 'L2.tp', belowClientOrderId: 'L2.sl' });
  from = sim.userEvents().length;
  bar(20000, 20100, 19300, 19350);
  expect(since(sim, from)).toEqual([
    ['L2.sl', 'NEW'], // triggered: no balance moved, no account event
    ['L2.tp', 'EXPIRED'],
    ['list', 'L2', 'ALL_DONE'],
    ['L2.sl', 'FILLED'],
    [
      { a: 'BTC', f: '0.90000000', l: '0.00000000' },
      { a: 'USDT', f: '11936.12000000', l: '0.00000000' },
    ],
  ]);
  expect(sim.balance('USDT').free).toBe('11936.12');
});

it('a balance the test sets is reported too; u is the account updateTime GET /api/v3/account answers', async () => {
  const { sim, client } = await startStops();
  sim.setBalance('USDT', '123.45');
  const event = lastAccount(sim);
  expect(event['B']).toEqual([{ a: 'USDT', f: '123.45000000', l: '0.00000000' }]);
  const account = (await client.privateGetAccount()) as { updateTime: number };
  expect(account.updateTime).toBe(event['u']);
});

it('ccxt watchBalance reads the stream; a held event arrives late, a dropped one never', async () => {
  const { sim, client } = await startStops();
  const seen: (number | undefined)[] = [];
  let stop = false;
  const watching = (async () => {
    while (!stop) seen.push((await client.watchBalance())['USDT']?.free);
  })();
  watching.catch(() => undefined);
  await waitFor(() => sim.streamStats.user === 1, 'the user data subscription');
  await pause(50); // ccxt waits on the balance only once its subscription is confirmed
  sim.setBalance('USDT', '100');
  await waitFor(() => seen.at(-1) === 100, 'the first balance');
  sim.accountEvents.drop();
  sim.setBalance('USDT', '200');
  sim.accountEvents.hold();
  sim.setBalance('USDT', '300');
  expect(sim.accountEvents.held).toBe(1);
  await pause(50);
  expect(seen).toEqual([100]);
  sim.accountEvents.release();
  await waitFor(() => seen.at(-1) === 300, 'the held balance');
  stop = true;
  expect(seen).toEqual([100, 300]);
});
