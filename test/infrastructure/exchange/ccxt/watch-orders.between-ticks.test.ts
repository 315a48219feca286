import { afterEach, expect, it } from 'vitest';
import { settle, waitFor } from '../../../support/binance-sim/manual-time.js';
import { MINUTE, SECOND, T0 } from '../../market-data/ccxt/feed.fixtures.js';
import { expectNoSecretsLogged } from './ccxt.fixtures.js';
import { price, tradingRig, type TradingRig } from './trading.fixtures.js';

let t: TradingRig;

afterEach(async () => {
  await t.close();
});

expectNoSecretsLogged();

it('a buy filled between candle closes gets its sell at once, from the pushed fill, not at the next tick', async () => {
  t = await tradingRig({ bullishMinutes: [1] });
  const { sim, exchange } = t.rig;
  await t.playTo(2); // minute 1's close: five buys placed, resting
  await waitFor(() => exchange.orderWatchStatus()?.state === 'up', 'the order stream');
  const ticks = t.processed();
  let sellPlaced = Number.NaN;
  const stop = sim.onRequest((event) => {
    const { endpoint, params } = event.request;
    if (event.phase === 'received' && endpoint === 'createOrder' && params['side'] === 'SELL' && Number.isNaN(sellPlaced)) sellPlaced = Date.now();
  });
  await t.rig.advanceTo(T0 + 2 * MINUTE + 20 * SECOND);
  const traded = Date.now();
  sim.trade('BTC/USDT', price(0) - 0.4); // fills BTC's buy at 100, mid-minute
  await waitFor(() => sim.orders().some((o) => o.side === 'SELL' && o.market.id === 'BTCUSDT'), 'the sell of the filled buy', 5_000); // no tick comes meanwhile: without the between-ticks run it never appears
  stop();
  expect(t.processed()).toBe(ticks);
  expect(sellPlaced - traded).toBeLessThan(1_000);
  const btcDeal = async () => (await t.deals()).find((d) => d.symbol === 'BTC/USDT')!;
  // the server holds the sell once it applied the request; the bot records its answer a moment later
  let btc = await btcDeal();
  for (const deadline = Date.now() + 2_000; btc.sellOrder?.status === 'new' && Date.now() < deadline; btc = await btcDeal()) await settle(5);
  expect(btc.status).toBe('open');
  expect(btc.sellOrder?.status).toBe('open');
  // the other pairs' buys still rest; the next tick goes on from there and every deal closes
  expect(sim.openOrders().filter((o) => o.side === 'BUY')).toHaveLength(4);
  await t.playTo(6);
  expect((await t.deals()).map((d) => d.status)).toEqual(['closed', 'closed', 'closed', 'closed', 'closed']);
  expect(t.events.filter((e) => e.type === 'OrderFilled')).toHaveLength(sim.orders().reduce((n, o) => n + o.trades.length, 0));
});

it('once the connector is closed, taking updates starts no new order stream (a late run of pushed updates cannot keep the process alive)', async () => {
  t = await tradingRig({ bullishMinutes: [1] });
  const { sim, exchange } = t.rig;
  await t.playTo(2);
  await waitFor(() => exchange.orderWatchStatus()?.state === 'up', 'the order stream');
  const opened = sim.streamStats.opened;
  await exchange.close();
  expect(exchange.takeOrderUpdates()).toBeUndefined();
  expect(exchange.orderWatchStatus()).toBeNull();
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect(sim.streamStats.opened).toBe(opened);
});
