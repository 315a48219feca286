import { describe, expect, it } from 'vitest';
import { ScriptedStrategy } from '../../support/paper-harness.js';
import { BOUGHT, BTC, candle, exitHarness, sellsOf, tradingHarness } from './exit-harness.js';

const STOP = { stopLoss: '0.05' };
const TRAIL = { trailingStop: { activation: '0.02', distance: '0.01' } };
const LADDER = { stopLoss: '0.05', takeProfit: { targets: [{ profit: '0.01', share: '0.5' }, { profit: '0.02', share: '0.5' }] } };

async function run(h: ReturnType<typeof exitHarness>) {
  await h.loop.run();
  const deals = await h.deals();
  return { deals, deal: deals[0], usdt: h.exchange.balances().USDT?.total.toString(), btc: h.exchange.balances().BTC?.total.toString() };
}

describe('stop loss (hand-computed; buy 1 @ 100, fee 0.1)', () => {
  it('rests with the take profit as one sell and fills at the stop once a low reaches it, taker fee', async () => {
    const { deal, usdt, btc } = await run(exitHarness(STOP, [...BOUGHT, candle(2, { o: 100.2, h: 100.5, l: 96, c: 97 }), candle(3, { o: 97, h: 97.5, l: 94, c: 94.5 }), candle(4, { c: 94 })]));
    // stop 100 x 0.95 = 95; sold 1 @ 95, taker 0.2% = 0.19; PnL 95 - 100 - 0.1 - 0.19
    expect(sellsOf(deal)).toEqual([['s1', 'limit', '101', '95', '1', 'closed', [['95', '1', '0.19', 180_000]]]]);
    expect([deal?.status, deal?.reason, deal?.pnl?.toString(), deal?.closedAt]).toEqual(['closed', 'stop_loss', '-5.29', 240_000]);
    expect([usdt, btc]).toEqual(['994.71', '0']);
  });

  it('fills at the open when the candle gaps below the stop', async () => {
    const { deal } = await run(exitHarness(STOP, [...BOUGHT, candle(2, { o: 100.2, h: 100.5, l: 96, c: 97 }), candle(3, { o: 92, h: 93, l: 90, c: 91 })]));
    // 92 - 100 - 0.1 - 0.184
    expect(sellsOf(deal)).toEqual([['s1', 'limit', '101', '95', '1', 'closed', [['92', '1', '0.184', 180_000]]]]);
    expect([deal?.reason, deal?.pnl?.toString()]).toEqual(['stop_loss', '-8.284']);
  });

  it('counts the stop first when the stop and the take profit lie inside the same candle', async () => {
    const { deal } = await run(exitHarness(STOP, [...BOUGHT, candle(2, { o: 100.2, h: 102, l: 94, c: 101 })]));
    expect(sellsOf(deal)).toEqual([['s1', 'limit', '101', '95', '1', 'closed', [['95', '1', '0.19', 120_000]]]]);
    expect([deal?.reason, deal?.pnl?.toString()]).toEqual(['stop_loss', '-5.29']);
  });

  it('sells at market at once when the buy candle already closes beyond the stop', async () => {
    const { deal } = await run(exitHarness(STOP, [candle(0, { c: 100 }), candle(1, { o: 100.5, h: 100.8, l: 94, c: 94.5 }), candle(2, { o: 94, h: 95, l: 93, c: 94.5 })]));
    // no stop can rest above the price: market sell x1 at 00:02, filled at the next open 94; 94 - 100.1 - 0.188
    expect(sellsOf(deal)).toEqual([['x1', 'market', null, null, '1', 'closed', [['94', '1', '0.188', 120_000]]]]);
    expect([deal?.reason, deal?.pnl?.toString()]).toEqual(['stop_loss', '-6.288']);
  });
});

describe('trailing stop (activation 2%, distance 1%; take profit at +5%)', () => {
  const RISE = [...BOUGHT, candle(2, { o: 100.5, h: 102.5, l: 100.2, c: 102 }), candle(3, { o: 102, h: 103.5, l: 101.9, c: 103 })];

  it('activates at +2%, moves its stop up with each new high, and sells at the stop', async () => {
    const { deal } = await run(exitHarness(TRAIL, [...RISE, candle(4, { o: 103, h: 103.2, l: 102, c: 102.5 })], { markup: '0.05' }));
    // high 102.5: stop 101.475 -> 101.48; high 103.5: stop 102.465 -> 102.47; filled at 102.47, fee 0.20494
    expect(sellsOf(deal)).toEqual([
      ['s1', 'limit', '105', null, '1', 'canceled', []],
      ['s2', 'limit', '105', '101.48', '1', 'canceled', []],
      ['s3', 'limit', '105', '102.47', '1', 'closed', [['102.47', '1', '0.20494', 240_000]]],
    ]);
    expect(deal?.sellOrders.map((o) => o.reason)).toEqual(['replaced: the stop moved', 'replaced: the stop moved', null]);
    expect([deal?.reason, deal?.pnl?.toString(), deal?.highWaterMark?.toString()]).toEqual(['trailing_stop', '2.16506', '103.5']);
  });

  it('fills at the open on a gap below the trailing stop', async () => {
    const { deal } = await run(exitHarness(TRAIL, [...RISE, candle(4, { o: 101, h: 101.2, l: 100.5, c: 100.8 })], { markup: '0.05' }));
    expect(deal?.sellOrders.at(-1)?.fills.map((f) => [f.price.toString(), f.fee.toString()])).toEqual([['101', '0.202']]);
    expect([deal?.reason, deal?.pnl?.toString()]).toEqual(['trailing_stop', '0.698']);
  });

  it('sells at market when a candle makes a new high and closes below the stop it sets', async () => {
    const { deal } = await run(exitHarness(TRAIL, [...BOUGHT, candle(2, { o: 100.5, h: 104, l: 100.4, c: 102.5 }), candle(3, { o: 102.2, c: 102 })], { markup: '0.05' }));
    // high 104: stop 102.96 > close 102.5: the resting take profit is cancelled, x1 fills at the next open 102.2
    expect(sellsOf(deal)).toEqual([
      ['s1', 'limit', '105', null, '1', 'canceled', []],
      ['x1', 'market', null, null, '1', 'closed', [['102.2', '1', '0.2044', 180_000]]],
    ]);
    expect([deal?.reason, deal?.pnl?.toString()]).toEqual(['trailing_stop', '1.8956']);
  });
});

describe('take-profit ladder (50% at +1%, 50% at +2%; stop loss 5%)', () => {
  it('rests one sell per target, each with the stop, and sells them at their targets as makers', async () => {
    const { deal } = await run(exitHarness(LADDER, [...BOUGHT, candle(2, { o: 100.2, h: 101.5, l: 100, c: 101.2 }), candle(3, { o: 101.2, h: 102.2, l: 101, c: 102 })]));
    expect(sellsOf(deal)).toEqual([
      ['s1', 'limit', '101', '95', '0.5', 'closed', [['101', '0.5', '0.0505', 120_000]]],
      ['s2', 'limit', '102', '95', '0.5', 'closed', [['102', '0.5', '0.051', 180_000]]],
    ]);
    // 50.5 + 51 - 100 - 0.1 - 0.0505 - 0.051
    expect([deal?.reason, deal?.pnl?.toString()]).toEqual(['take_profit', '1.2985']);
  });

  it('sells the rest at the stop once the first target is taken', async () => {
    const { deal } = await run(exitHarness(LADDER, [...BOUGHT, candle(2, { o: 100.2, h: 101.5, l: 100, c: 101.2 }), candle(3, { o: 101, h: 101.5, l: 94, c: 95 })]));
    expect(sellsOf(deal)[1]).toEqual(['s2', 'limit', '102', '95', '0.5', 'closed', [['95', '0.5', '0.095', 180_000]]]);
    // 50.5 + 47.5 - 100 - 0.1 - 0.0505 - 0.095
    expect([deal?.reason, deal?.pnl?.toString()]).toEqual(['stop_loss', '-2.2455']);
  });
});

describe('time exit (3 minutes) and a partly filled resting sell', () => {
  const FLAT = [...BOUGHT, candle(2, { o: 100.3, h: 100.5, l: 100.1, c: 100.4 }), candle(3, { c: 100.4 }), candle(4, { o: 99.5, c: 99.6 })];

  it('closes a deal created at 00:01 at 00:04: cancels the take profit, sells at market at the next open', async () => {
    const h = exitHarness({ timeExit: { hours: 0.05 } }, FLAT);
    const { deal } = await run(h);
    expect(sellsOf(deal)).toEqual([
      ['s1', 'limit', '101', null, '1', 'canceled', []],
      ['x1', 'market', null, null, '1', 'closed', [['99.5', '1', '0.199', 240_000]]],
    ]);
    // 99.5 - 100 - 0.1 - 0.199
    expect([deal?.status, deal?.reason, deal?.pnl?.toString(), deal?.closedAt]).toEqual(['closed', 'time_exit', '-0.799', 300_000]);
    expect(h.events.filter((e) => e.type.startsWith('Deal')).map((e) => e.type)).toEqual(['DealOpened', 'DealBought', 'DealClosing', 'DealClosed']);
  });

  it('accounts for the part of the resting sell that filled before the exit, and sells only the rest', async () => {
    const h = exitHarness({ timeExit: { hours: 0.05 } }, [...BOUGHT, candle(2, { o: 100.3, h: 101.2, l: 100.1, c: 100.6 }), ...FLAT.slice(3)]);
    h.exchange.limitNextFill('dlb-t0001-s1', '0.4');
    const { deal, usdt, btc } = await run(h);
    expect(sellsOf(deal)).toEqual([
      ['s1', 'limit', '101', null, '1', 'canceled', [['101', '0.4', '0.0404', 120_000]]],
      ['x1', 'market', null, null, '0.6', 'closed', [['99.5', '0.6', '0.1194', 240_000]]],
    ]);
    // 40.4 + 59.7 - 100 - 0.1 - 0.0404 - 0.1194
    expect([deal?.reason, deal?.pnl?.toString()]).toEqual(['time_exit', '-0.1598']);
    expect([usdt, btc]).toEqual(['999.8402', '0']);
  });

  it('lets the stop sell what a partly filled take profit left', async () => {
    const h = exitHarness(STOP, [...BOUGHT, candle(2, { o: 100.3, h: 101.2, l: 100.1, c: 100.6 }), candle(3, { o: 100, h: 100.2, l: 94, c: 94.5 })]);
    h.exchange.limitNextFill('dlb-t0001-s1', '0.4');
    const { deal } = await run(h);
    expect(sellsOf(deal)).toEqual([['s1', 'limit', '101', '95', '1', 'closed', [['101', '0.4', '0.0404', 120_000], ['95', '0.6', '0.114', 180_000]]]]);
    // 40.4 + 57 - 100 - 0.1 - 0.0404 - 0.114
    expect([deal?.reason, deal?.pnl?.toString()]).toEqual(['stop_loss', '-2.8544']);
  });
});

describe('stop loss on a pair with two open deals (an exchange without stop orders)', () => {
  it('sells the later deal whose stop the close crosses, though the older deal\'s watch, checked first, cannot act', async () => {
    const series = [
      ...BOUGHT, // deal 1: 1 @ 100, stop 95
      candle(2, { o: 100.2, h: 110.2, l: 100, c: 110 }), // BULLISH: deal 2 buys 0.909 @ 110, stop 104.5
      candle(3, { o: 110, h: 110.5, l: 109.5, c: 110.2 }),
      candle(4, { o: 110, h: 110.3, l: 103.5, c: 104 }), // closes below 104.5, far above 95
      candle(5, { o: 104, h: 104.5, l: 103.8, c: 104.2 }),
    ];
    const h = tradingHarness({ 'BTC/USDT': { ...BTC, dealCount: 2, profitMarkup: '0.2', exits: { stopLoss: '0.05' } } }, { 'BTC/USDT': series }, new ScriptedStrategy({ 'BTC/USDT': [0, 120_000] }), false);
    await h.loop.run();
    const [older, later] = await h.deals();
    expect([older?.status, sellsOf(older)]).toEqual(['open', [['s1', 'limit', '120', null, '1', 'open', []]]]);
    // market sell x1 at 00:05 (after candle 4), filled at candle 5's open 104
    expect([later?.status, later?.reason, sellsOf(later)]).toEqual(['closed', 'stop_loss', [['s1', 'limit', '132', null, '0.909', 'canceled', []], ['x1', 'market', null, null, '0.909', 'closed', [['104', '0.909', '0.189072', 300_000]]]]]);
  });
});
