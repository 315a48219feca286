import { afterEach, describe, expect, it } from 'vitest';
import type { DealSnapshot } from '../../../../src/domain/deal/deal.snapshot.js';
import { dec, sumDecimals } from '../../../../src/domain/shared/decimal.js';
import { RT_SYMBOLS } from '../../../support/realtime/bot-config.js';
import { dealsBook, driveLive, driveUntilClosed, expectNoSecretsInOutput, serverBook, signalMinute, startRig, START_USDT, WARMUP, type Rig } from './realtime.fixtures.js';

/**
 * The real `dealbot run` process against the local Binance server, candles pushed minute after
 * minute ahead of the wall clock: three pairs, three cycles, one deal per pair and cycle, each
 * bought on the dip and sold 1 % above, in paper mode (fills on the PaperExchange) and in live
 * mode (orders on the server, with dummy keys).
 */

const CYCLES = 3;
/** BULLISH on minute 5 of every cycle (checked against the strategy below). */
const SIGNALS = Array.from({ length: CYCLES }, (_, c) => signalMinute(c));
/** Paper: the last minute streamed to its close; the sell of the last deal fills two minutes after its signal. */
const LAST = (SIGNALS.at(-1) as number) + 2;
const DEALS = CYCLES * RT_SYMBOLS.length;
/** Generous: a process start takes 2-4 s on a loaded machine, a run of three cycles 5-10 s. */
const TIMEOUT = 120_000;

let rig: Rig | undefined;
/** What paper trading made of the candles, for the live run to match. */
let paperDeals: DealSnapshot[] | null = null;

afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

expectNoSecretsInOutput();

/** The trade of a deal, independent of ids and clocks: pair, buy price and amount, sell price, PnL. */
const trade = (d: DealSnapshot) => [d.symbol, d.orders[0]?.price, d.orders[0]?.amount, d.orders[1]?.price, d.pnl];

describe('dealbot run on the local Binance server', () => {
  it('the script signals where the test expects', async () => {
    rig = await startRig();
    for (const symbol of RT_SYMBOLS) expect(rig.script.bullishMinutes(symbol, -WARMUP, -WARMUP, LAST + 1)).toEqual(SIGNALS);
  });

  it('paper mode: deals open and close on the live candles, fills on the paper exchange, no order reaches the server', async () => {
    rig = await startRig();
    const { sim, script } = rig;
    const bot = rig.run('paper');
    await rig.subscribed(bot);
    script.open(0);
    for (let k = 0; k <= LAST; k += 1) {
      script.step(k);
      await new Promise((r) => setTimeout(r, 10));
    }
    await bot.waitForOutput(/ closed \(/, DEALS);
    bot.signal('SIGTERM');
    const exit = await bot.waitForExit();
    expect(exit, bot.tail()).toEqual({ code: 0, signal: null });
    expect(bot.stdout).toMatch(/^dealbot: paper trading BTC\/USDT, ETH\/USDT, SOL\/USDT on binance live market data \(1m candles\)/m);
    expect(bot.stdout).toMatch(/Stopped after \d+ candles per pair\./);
    expect(bot.count(/ opened: buy /)).toBe(DEALS);
    expect(bot.stderr).not.toMatch(/"level":(40|50|60)/);

    const deals = await rig.dealsList();
    expect(deals).toHaveLength(DEALS);
    expect(deals.every((d) => d.status === 'closed')).toBe(true);
    for (const symbol of RT_SYMBOLS) expect(deals.filter((d) => d.symbol === symbol)).toHaveLength(CYCLES);
    expect(sumDecimals(deals.map((d) => dec(d.pnl!))).gt(0)).toBe(true);
    // Paper trading sends nothing signed: no order, no balance read, on the server.
    expect(sim.orders()).toEqual([]);
    expect(sim.requests().filter((r) => ['createOrder', 'cancelOrder', 'queryOrder', 'account', 'openOrders'].includes(r.endpoint))).toEqual([]);
    paperDeals = deals;
  }, TIMEOUT);

  it('live mode: the same deals as orders on the server; its book, its balances and `deals list --json` agree', async () => {
    rig = await startRig();
    const { sim, script } = rig;
    const bot = rig.run('live');
    await rig.subscribed(bot);
    script.open(0);
    await driveLive(rig, bot, 0, SIGNALS.at(-1)! + 1);
    await driveUntilClosed(rig, bot, SIGNALS.at(-1)! + 2, DEALS, SIGNALS.at(-1)! + 10);
    // the console line follows the commit the database shows: wait for it, then no more than that
    await bot.waitForOutput(/ closed \(/, DEALS, 10_000);
    expect(bot.count(/ closed \(/)).toBe(DEALS);
    bot.signal('SIGTERM');
    const exit = await bot.waitForExit();
    expect(exit, bot.tail()).toEqual({ code: 0, signal: null });
    expect(bot.stdout).toMatch(/^dealbot: live trading BTC\/USDT, ETH\/USDT, SOL\/USDT/m);
    expect(bot.stdout).toMatch(/Stopped after \d+ candles per pair\./);
    expect(bot.stderr).not.toMatch(/"level":(40|50|60)/);

    const deals = await rig.dealsList();
    expect(deals).toHaveLength(DEALS);
    expect(deals.every((d) => d.status === 'closed')).toBe(true);
    // Every order on the server is a deal's order with the same status and fill, and nothing else is.
    expect(sim.orders()).toHaveLength(2 * DEALS);
    expect(dealsBook(deals)).toEqual(serverBook(sim));
    expect(sim.openOrders()).toEqual([]);
    for (const deal of deals) for (const order of deal.orders) expect(order.exchangeOrderId).toBe(String(sim.orders().find((o) => o.clientOrderId === order.clientOrderId)?.orderId));
    // The money: the server's USDT moved by exactly the deals' PnL; of each base currency only the
    // deals' dust is left (Binance took the buy fees from it).
    const pnl = sumDecimals(deals.map((d) => dec(d.pnl!)));
    expect(pnl.gt(0)).toBe(true);
    expect(sim.balance('USDT')).toEqual({ free: dec(START_USDT).plus(pnl).toString(), locked: '0' });
    for (const symbol of RT_SYMBOLS) {
      const dust = sumDecimals(deals.filter((d) => d.symbol === symbol).map((d) => dec(d.dust ?? '0')));
      expect(sim.balance(symbol.split('/')[0]!)).toEqual({ free: dust.toString(), locked: '0' });
    }
    // The same trades as paper trading the same candles.
    if (paperDeals !== null) expect(deals.map(trade).sort()).toEqual(paperDeals.map(trade).sort());
  }, TIMEOUT);
});
