import { afterEach, expect, it } from 'vitest';
import { settle, waitFor } from '../../../support/binance-sim/manual-time.js';
import { expectNoSecretsLogged } from './ccxt.fixtures.js';
import { tradingRig, type TradingRig } from './trading.fixtures.js';

/**
 * The realtime loop over the ccxt connector against the local server, its entry decisions reading
 * the balance the user-data stream keeps (no GET /api/v3/account) while the stream vouches for it.
 * 160 USDT, 5 pairs BULLISH on every minute, 50 USDT a deal: three deals fit (the fourth's 50.05
 * does not), and whatever the loop reads must never let it open a fourth while they hold the money.
 */

let t: TradingRig;

afterEach(async () => {
  await t.close();
});

expectNoSecretsLogged();

const ACCOUNT = { balances: { USDT: '160' } };
const BULLISH = [1, 2, 3, 4, 5];

/** No buy the server refused or never got: every deal the loop opened was covered by money the account had. */
async function noOverCommit(): Promise<void> {
  const { sim } = t.rig;
  const deals = await t.deals();
  const buys = sim.requests('createOrder').filter((r) => r.params['side'] === 'BUY');
  expect(deals.map((d) => d.buyOrder.status).filter((s) => s === 'rejected')).toEqual([]);
  expect(buys).toHaveLength(deals.length);
  expect(sim.orders().filter((o) => o.side === 'BUY')).toHaveLength(deals.length);
}

const accountReads = (): number => t.rig.sim.requests('account').length;

/** Tick 0 played, the order stream up and its balances read after subscribing (one REST read). */
async function started(): Promise<void> {
  await t.playTo(1);
  await waitFor(() => t.rig.exchange.orderWatchStatus()?.state === 'up', 'the order stream to be up');
  await settle(30);
}

it('entry ticks read the streamed balance, never REST; after its own buys the next ticks see the money held and spent', async () => {
  t = await tradingRig({ bullishMinutes: BULLISH, account: ACCOUNT });
  await started();
  const before = accountReads();
  await t.playTo(6); // tick 1 opens three deals; their buys fill on minute 2, their sells on the spike of minute 3; they open again
  const deals = await t.deals();
  console.info(`GET /api/v3/account over ticks 1-5: ${accountReads() - before}; deals opened: ${deals.length}`);
  expect(accountReads() - before).toBe(0);
  // tick 1: BTC, ETH, SOL; ticks 2 and 3: none (their money held, then spent); tick 3's sells paid it back for tick 4
  expect(deals.map((d) => d.symbol).slice(0, 3)).toEqual(['BTC/USDT', 'ETH/USDT', 'SOL/USDT']);
  await noOverCommit();
});

it('account events held back: the entry ticks read over REST meanwhile and open nothing on money that is gone; released, the stream vouches again', async () => {
  t = await tradingRig({ bullishMinutes: BULLISH, account: ACCOUNT });
  await started();
  t.rig.sim.accountEvents.hold();
  const before = accountReads();
  await t.playTo(3); // tick 1 opens three deals, tick 2 sees their buys filled: all reported without balances
  expect(accountReads() - before).toBeGreaterThanOrEqual(1);
  expect(await t.deals()).toHaveLength(3);
  await noOverCommit();
  t.rig.sim.accountEvents.release();
  await settle(30);
  await t.playTo(4); // one REST read at most: the one that sees the events released
  const after = accountReads();
  await t.playTo(6);
  expect(accountReads()).toBe(after);
  await noOverCommit();
});

it('the user-data stream dropped: entry ticks read over REST, nothing over-committed', async () => {
  t = await tradingRig({ bullishMinutes: BULLISH, account: ACCOUNT });
  const { sim, exchange } = t.rig;
  await started();
  sim.dropUserStreams({ refuse: true });
  const before = accountReads();
  await t.playTo(4);
  expect(exchange.orderWatchStatus()?.state).not.toBe('up');
  expect(accountReads() - before).toBeGreaterThanOrEqual(3);
  await noOverCommit();
});
