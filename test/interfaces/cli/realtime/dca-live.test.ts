import { afterEach, describe, expect, it } from 'vitest';
import { dec, sumDecimals } from '../../../../src/domain/shared/decimal.js';
import { RT_SYMBOLS } from '../../../support/realtime/bot-config.js';
import { dealsBook, driveLive, driveUntilClosed, expectNoSecretsInOutput, PAIRS, serverBook, signalMinute, startRig, START_USDT, type Rig } from './realtime.fixtures.js';

/**
 * `dealbot run --mode live` with DCA pairs against the local Binance server (dummy keys): one
 * cycle, a deal per pair whose base buy fills at the dip; its safety buys rest on the server as
 * limit buys below it, the take profit from the average fills on the rise, the safety buys are
 * cancelled and the deal closes.
 */

const DCA = { baseOrder: '20', safetyOrder: '20', maxSafetyOrders: 2, maxActiveSafetyOrders: 2, deviation: '0.02', stepScale: '1', volumeScale: '1', takeProfit: '0.01' };
const SIGNAL = signalMinute(0);
const TIMEOUT = 120_000;

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

expectNoSecretsInOutput();

describe('dealbot run --mode live with DCA pairs on the local Binance server', () => {
  it('safety buys rest on the server, the take profit fills, the safety buys are cancelled; book, balances and PnL agree', async () => {
    rig = await startRig({ pairs: PAIRS.map((p) => ({ ...p, dealQuota: '60', dca: DCA })) });
    const { sim, script } = rig;
    const bot = rig.run('live');
    await rig.subscribed(bot);
    script.open(0);
    await driveLive(rig, bot, 0, SIGNAL + 1);
    await driveUntilClosed(rig, bot, SIGNAL + 2, RT_SYMBOLS.length, SIGNAL + 10);
    bot.signal('SIGTERM');
    const exit = await bot.waitForExit();
    expect(exit, bot.tail()).toEqual({ code: 0, signal: null });
    expect(bot.stderr).not.toMatch(/"level":(40|50|60)/);

    const deals = await rig.dealsList();
    expect(deals.map((d) => [d.symbol, d.status, d.reason]).sort()).toEqual(RT_SYMBOLS.map((s) => [s, 'closed', 'take_profit']).sort());
    for (const deal of deals) {
      const legs = deal.orders.map((o) => `${o.clientOrderId.replace(/^.*-/, '')}:${o.status}`);
      expect(legs).toEqual(['b1:closed', 's1:closed', 'd1:canceled', 'd2:canceled']);
      // the safety buys were limit buys 2 % and 4 % below the base buy's fill
      const base = dec(deal.orders[0]!.fills[0]!.price);
      const safety = deal.orders.filter((o) => o.clientOrderId.includes('-d'));
      expect(safety.map((o) => o.type)).toEqual(['limit', 'limit']);
      expect(safety.every((o, i) => dec(o.price!).lte(base.times(1 - 0.02 * (i + 1))))).toBe(true);
    }
    expect(dealsBook(deals)).toEqual(serverBook(sim));
    expect(sim.orders().filter((o) => o.clientOrderId.includes('-d')).map((o) => [o.type, o.status])).toEqual(Array.from({ length: 6 }, () => ['LIMIT', 'CANCELED']));
    expect(sim.openOrders()).toEqual([]);
    const pnl = sumDecimals(deals.map((d) => dec(d.pnl!)));
    expect(sim.balance('USDT')).toEqual({ free: dec(START_USDT).plus(pnl).toString(), locked: '0' });
    for (const deal of deals) expect(sim.balance(deal.symbol.split('/')[0]!)).toEqual({ free: dec(deal.dust ?? '0').toString(), locked: '0' });
  }, TIMEOUT);
});
