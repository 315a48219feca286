import { afterEach, expect, it } from 'vitest';
import { dec, roundUpToStep, sumDecimals } from '../../../../src/domain/shared/decimal.js';
import type { SimOrderList } from '../../../support/binance-sim/binance-sim.js';
import type { BotPairConfig } from '../../../support/realtime/bot-config.js';
import type { BotProcess } from '../../../support/realtime/bot-process.js';
import { readDbState } from '../../../support/realtime/db-state.js';
import { cycleShape } from '../../../support/realtime/minute-script.js';
import { expectNoSecretsInOutput, START_USDT, startRig, until, waitClosed, type Rig } from './realtime.fixtures.js';

/**
 * Live runs of `dealbot run` on the local Binance server with the pair's stop resting on the
 * exchange as an OCO list (take profit above, STOP_LOSS below): the stop sells while the bot is
 * down, and a trailing stop moved by ticker prices replaces the list without ever two resting.
 */

const SYMBOL = 'BTC/USDT';
const TIMEOUT = 120_000;

let rig: Rig | undefined;

afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

expectNoSecretsInOutput();

/** Bought at minute 5's close, 58200 (the cycle's -3 %), filled on minute 6; the take profit 10 % above is never reached. */
const pair = (exits: Record<string, unknown>): BotPairConfig => ({ symbol: SYMBOL, dealQuota: '500', profitMarkup: '0.1', dealCount: 1, orderLifeTime: 600, exits });

/** The cycle up to minute 7, then 10 % below the level: through any stop of the deal. */
const fallsAfter7 = (k: number): number => (k <= 7 ? cycleShape(k) : 0.9);

const executing = (r: Rig): SimOrderList[] => r.sim.orderLists().filter((l) => l.listOrderStatus === 'EXECUTING');
const stopOf = (list: SimOrderList): string | undefined => list.orders.find((o) => o.type === 'STOP_LOSS')?.stopPrice?.toString();

/** Starts a live bot on one pair and streams minutes 0-6: it buys on minute 5 and, once the buy fills on minute 6, its sell rests as one OCO list. */
async function buyAndRest(r: Rig): Promise<BotProcess> {
  const bot = r.run('live');
  await bot.waitUntil(() => r.sim.streamStats.subscriptions === 1, 'the candle subscription');
  r.script.open(0);
  for (let k = 0; k <= 6; k += 1) {
    r.script.finish(k);
    await new Promise((resolve) => setTimeout(resolve, 150));
    r.script.open(k + 1);
    if (k === 5) await bot.waitUntil(() => r.sim.orders().some((o) => o.side === 'BUY'), 'the buy');
  }
  await bot.waitUntil(() => executing(r).length === 1, 'the sell to rest as an OCO list');
  return bot;
}

it('the stop fills while the bot is down (SIGKILL): the restarted bot records the fill once and closes the deal, reason stop_loss, PnL exact', async () => {
  rig = await startRig({ pairs: [pair({ stopLoss: '0.02' })], mode: 'live', shape: fallsAfter7 });
  const r = rig;
  const first = await buyAndRest(r);
  const [list] = executing(r);
  expect(list!.orders.map((o) => [o.type, o.price?.toString() ?? null, o.stopPrice?.toString() ?? null])).toEqual([
    ['STOP_LOSS', null, '57036'], // 58200 x 0.98
    ['LIMIT_MAKER', '64020', null], // 58200 x 1.1
  ]);
  first.signal('SIGKILL');
  expect((await first.waitForExit()).signal).toBe('SIGKILL');
  await until(() => r.sim.inFlight === 0, 'the dead bot to leave the server', 10_000);

  // while it is down the price falls through the stop: the stop leg fills, the take profit expires
  for (const k of [7, 8]) {
    r.script.finish(k);
    r.script.open(k + 1);
  }
  expect(list!.listOrderStatus).toBe('ALL_DONE');
  expect(list!.orders.map((o) => o.status)).toEqual(['FILLED', 'EXPIRED']);

  r.sim.trimKlines(3);
  const second = r.run('live');
  await waitClosed(r, second, 1);
  second.signal('SIGTERM');
  expect(await second.waitForExit(), second.tail()).toEqual({ code: 0, signal: null });

  const state = await readDbState(r.database);
  expect(state.deals.map((d) => [d.status, d.reason])).toEqual([['closed', 'stop_loss']]);
  const sells = state.orders.filter((o) => o.side === 'sell');
  expect(sells.map((o) => [o.client_order_id.replace(/^dlb-\w+-/, ''), o.status, o.exchange_order_id])).toEqual([['s1', 'closed', `oco:${list!.orderListId}`]]);
  const [buyOrder, stopLeg] = [r.sim.orders().find((o) => o.side === 'BUY')!, list!.orders[0]!];
  const [buyTrade, stopTrade] = [buyOrder.trades[0]!, stopLeg.trades[0]!];
  expect(state.fills.map((f) => [f.trade_id, f.price, f.amount, f.fee, f.fee_currency])).toEqual(
    expect.arrayContaining([[String(stopTrade.id), stopTrade.price.toString(), stopTrade.qty.toString(), stopTrade.commission.toString(), null]]),
  );
  expect(state.fills).toHaveLength(2); // the buy's and the stop's, each once
  // PnL: what the stop sold for, less its fee in USDT, less what the buy cost (its fee was paid in BTC)
  const pnl = stopTrade.price.times(stopTrade.qty).minus(stopTrade.commission).minus(buyTrade.price.times(buyTrade.qty));
  expect(dec(state.deals[0]!.pnl!).toString()).toBe(pnl.toString());
  expect(r.sim.balance('USDT')).toEqual({ free: dec(START_USDT).plus(pnl).toString(), locked: '0' });
  expect(r.sim.orders().filter((o) => o.side === 'SELL')).toHaveLength(2); // the list's two legs, nothing sold at market
}, TIMEOUT);

it('a trailing stop moved 20 times by ticker prices: each list cancelled before the next is placed, never two resting, every replaced row final', async () => {
  const trailing = { activation: '0.02', distance: '0.01' };
  rig = await startRig({ pairs: [pair({ stopLoss: '0.02', trailingStop: trailing })], mode: 'live' });
  const r = rig;
  const bot = await buyAndRest(r);
  await bot.waitUntil(() => r.sim.streamStats.tickers >= 1, 'the ticker subscription (while a deal works)');
  const prices = Array.from({ length: 20 }, (_, i) => 59_600 + 100 * i);
  const stops = prices.map((p) => roundUpToStep(dec(p).times(0.99), dec('0.01')).toString());
  for (const [i, price] of prices.entries()) {
    r.sim.trade(SYMBOL, price);
    await bot.waitUntil(() => executing(r).length === 1 && stopOf(executing(r)[0]!) === stops[i], `the list carrying stop ${stops[i]} (move ${i + 1})`);
  }
  bot.signal('SIGTERM');
  expect(await bot.waitForExit(), bot.tail()).toEqual({ code: 0, signal: null });

  // the server's own record: each list's EXEC_STARTED came after the previous one's ALL_DONE
  let resting = 0;
  let most = 0;
  for (const event of r.sim.userEvents() as { e: string; L?: string; l?: string }[]) {
    if (event.e !== 'listStatus') continue;
    resting += event.l === 'EXEC_STARTED' ? 1 : event.L === 'ALL_DONE' ? -1 : 0;
    most = Math.max(most, resting);
  }
  expect(most).toBe(1);
  const lists = r.sim.orderLists();
  expect(lists).toHaveLength(21);
  expect(lists.slice(0, -1).every((l) => l.listOrderStatus === 'ALL_DONE' && l.orders.every((o) => o.status === 'CANCELED'))).toBe(true);
  expect(stopOf(lists.at(-1)!)).toBe(stops.at(-1));

  const state = await readDbState(r.database);
  const sells = state.orders.filter((o) => o.side === 'sell');
  expect(sells).toHaveLength(21);
  expect(sells.filter((o) => o.status === 'canceled' && o.reason === 'replaced: the stop moved')).toHaveLength(20);
  expect(sells.filter((o) => o.status === 'open').map((o) => o.client_order_id)).toEqual([lists.at(-1)!.listClientOrderId]);
  expect(state.deals.map((d) => d.status)).toEqual(['open']);
  expect(sumDecimals(state.fills.filter((f) => sells.some((s) => s.client_order_id === f.client_order_id)).map((f) => dec(f.amount))).toString()).toBe('0');
}, TIMEOUT);

it('a ticker price through the resting stop: the exchange\'s stop leg sells, the bot sends no market sell of its own and closes the deal from the fill', async () => {
  rig = await startRig({ pairs: [pair({ stopLoss: '0.02' })], mode: 'live' });
  const r = rig;
  const bot = await buyAndRest(r);
  await bot.waitUntil(() => r.sim.streamStats.tickers >= 1, 'the ticker subscription (while a deal works)');
  r.sim.trade(SYMBOL, 57_500); // above the stop, 57036
  r.sim.trade(SYMBOL, 56_900); // through it: the stop leg fills at this trade
  const [list] = r.sim.orderLists();
  expect(list!.orders.map((o) => o.status)).toEqual(['FILLED', 'EXPIRED']);
  // the fill reaches the bot on the order stream at once, and the loop applies it then (between ticks)
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  r.script.finish(7);
  r.script.open(8);
  await waitClosed(r, bot, 1, 5_000);
  bot.signal('SIGTERM');
  expect(await bot.waitForExit(), bot.tail()).toEqual({ code: 0, signal: null });
  expect(r.sim.orders().filter((o) => o.type === 'MARKET')).toEqual([]);
  expect(r.sim.requests('cancelOrderList')).toEqual([]);
  const state = await readDbState(r.database);
  expect(state.deals.map((d) => [d.status, d.reason])).toEqual([['closed', 'stop_loss']]);
  const [buyTrade, stopTrade] = [r.sim.orders().find((o) => o.side === 'BUY')!.trades[0]!, list!.orders[0]!.trades[0]!];
  expect(stopTrade.price.toString()).toBe('56900');
  expect(state.deals[0]!.pnl).toBe(stopTrade.price.times(stopTrade.qty).minus(stopTrade.commission).minus(buyTrade.price.times(buyTrade.qty)).toString());
}, TIMEOUT);
