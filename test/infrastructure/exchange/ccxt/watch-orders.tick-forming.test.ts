import { afterEach, expect, it } from 'vitest';
import { settle, waitFor } from '../../../support/binance-sim/manual-time.js';
import { MINUTE, SECOND, SYMBOLS, T0 } from '../../market-data/ccxt/feed.fixtures.js';
import { expectNoSecretsLogged } from './ccxt.fixtures.js';
import { flatMinuteOf, price, tradingRig, type TradingRig } from './trading.fixtures.js';

let t: TradingRig;

afterEach(async () => {
  await t.close();
});

expectNoSecretsLogged();

it("a fill pushed while a tick is forming is left to that tick (its entries first); the sell goes out with the tick, not before", async () => {
  t = await tradingRig({ bullishMinutes: [1] });
  const { sim, exchange, feed } = t.rig;
  await t.playTo(2); // minute 1's close: five buys placed, resting
  await waitFor(() => exchange.orderWatchStatus()?.state === 'up', 'the order stream');
  const ticks = t.processed();
  await t.rig.advanceTo(T0 + 2 * MINUTE + 59 * SECOND);
  // BTC's minute 3 opens on the stream: its minute 2 has closed, the other pairs' have not yet
  sim.pushCandle('BTC/USDT', flatMinuteOf(0, 3), { final: false });
  await waitFor(() => feed.tickForming(), 'the feed to see the tick forming');
  const btcBuy = sim.orders().find((o) => o.side === 'BUY' && o.market.id === 'BTCUSDT')!;
  sim.trade('BTC/USDT', price(0) - 0.4); // fills BTC's buy at 100
  await waitFor(() => exchange.lastSeen(btcBuy.clientOrderId)?.status === 'closed', 'the pushed fill');
  await settle(50);
  expect(sim.orders().filter((o) => o.side === 'SELL')).toEqual([]);
  expect(t.processed()).toBe(ticks);
  // the other pairs' minute 3 opens: the tick of minute 2 is complete and takes the fill
  SYMBOLS.forEach((s, i) => i > 0 && sim.pushCandle(s, flatMinuteOf(i, 3), { final: false }));
  await waitFor(() => t.processed() === ticks + 1, 'the tick of minute 2');
  await waitFor(() => sim.orders().some((o) => o.side === 'SELL' && o.market.id === 'BTCUSDT'), 'the sell of the filled buy');
  expect(feed.tickForming()).toBe(false);
});
