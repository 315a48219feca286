import { describe, expect, it } from 'vitest';
import { cancelDeal } from '../../../src/application/cancel-deal/cancel-deal.use-case.js';
import { closeAllDeals } from '../../../src/application/close-all-deals/close-all-deals.use-case.js';
import { closeDeal } from '../../../src/application/close-deal/close-deal.use-case.js';
import { panicSell } from '../../../src/application/panic-sell/panic-sell.use-case.js';
import { pauseNewDeals, resumeNewDeals } from '../../../src/application/pause-deals/pause-deals.use-case.js';
import { databaseDesk } from '../../../src/application/shared/working-deals.js';
import { TemporaryExchangeError } from '../../../src/domain/ports/exchange.errors.js';
import { candle, ScriptedStrategy } from '../../support/paper-harness.js';
import { BOUGHT, BTC, exitHarness, sellsOf, tradingHarness } from '../exits/exit-harness.js';

const FLAT = [...BOUGHT, candle(2, { o: 100.3, h: 100.5, l: 100.1, c: 100.4 }), candle(3, { o: 100.2, c: 100.4 }), candle(4, { o: 100.1, c: 100.3 })];
const UNFILLED = [candle(0, { c: 100 }), candle(1, { o: 100.5, h: 100.8, l: 100.2, c: 100.6 }), candle(2, { o: 100.6, c: 100.7 }), candle(3, { o: 100.6, c: 100.7 })];
const minute = (m: number): number => m * 60_000;

describe('operator: close one deal at market', () => {
  it('cancels the resting sell, sells at market at the next open, and never sells twice', async () => {
    const h = exitHarness({}, FLAT);
    const answers: string[] = [];
    for await (const time of h.ticks()) {
      if (time !== minute(2)) continue;
      answers.push((await h.loop.operate((desk) => closeDeal(desk, { dealId: 't0001' }))).outcome);
      answers.push((await h.loop.operate((desk) => closeDeal(desk, { dealId: 't0001' }))).outcome);
      expect(h.exchange.orders().map((o) => [o.clientOrderId, o.status])).toEqual([['dlb-t0001-b1', 'closed'], ['dlb-t0001-s1', 'canceled'], ['dlb-t0001-x1', 'open']]);
    }
    const [deal] = await h.deals();
    expect(answers).toEqual(['closing', 'already_closing']);
    // sold 1 @ 100.2 (minute 3's open), taker 0.2004: 100.2 - 100 - 0.1 - 0.2004
    expect(sellsOf(deal)).toEqual([
      ['s1', 'limit', '101', null, '1', 'canceled', []],
      ['x1', 'market', null, null, '1', 'closed', [['100.2', '1', '0.2004', minute(3)]]],
    ]);
    expect([deal?.status, deal?.reason, deal?.pnl?.toString()]).toEqual(['closed', 'operator_close', '-0.1004']);
    expect((await h.loop.operate((desk) => closeDeal(desk, { dealId: 't0001' }))).outcome).toBe('already_final');
    expect((await h.loop.operate((desk) => closeDeal(desk, { dealId: 'nope' }))).outcome).toBe('not_found');
  });

  it('cancels a pending deal\'s buy and sells at market what it had bought', async () => {
    const h = exitHarness({}, FLAT);
    h.exchange.limitNextFill('dlb-t0001-b1', '0.4');
    for await (const time of h.ticks()) {
      if (time === minute(1)) expect((await h.loop.operate((desk) => closeDeal(desk, { dealId: 't0001' }))).outcome).toBe('closing');
    }
    const [deal] = await h.deals();
    expect(deal?.buyOrder.filled.toString()).toBe('0.4');
    // 0.4 @ 100.3 (minute 2's open): 40.12 - 40 - 0.04 - 0.08024
    expect(sellsOf(deal)).toEqual([['x1', 'market', null, null, '0.4', 'closed', [['100.3', '0.4', '0.08024', minute(2)]]]]);
    expect([deal?.status, deal?.reason, deal?.pnl?.toString()]).toEqual(['closed', 'operator_close', '-0.00024']);
  });
});

describe('operator: cancel one pending deal', () => {
  it('cancels the buy; again changes nothing; an open deal is not cancelled', async () => {
    const h = exitHarness({}, UNFILLED);
    const answers: string[] = [];
    for await (const time of h.ticks()) {
      if (time !== minute(1)) continue;
      for (let i = 0; i < 2; i += 1) answers.push((await h.loop.operate((desk) => cancelDeal(desk, { dealId: 't0001' }))).outcome);
    }
    expect(answers).toEqual(['cancelled', 'already_final']);
    const [deal] = await h.deals();
    expect([deal?.status, deal?.reason]).toEqual(['cancelled', 'cancelled by the operator']);
    expect(h.exchange.balances().USDT?.used.toString()).toBe('0');

    const open = exitHarness({}, FLAT);
    for await (const time of open.ticks()) if (time === minute(2)) expect((await open.loop.operate((desk) => cancelDeal(desk, { dealId: 't0001' }))).outcome).toBe('not_pending');
  });

  it('goes on as an open deal when the cancel reveals a partial fill', async () => {
    const h = exitHarness({}, FLAT);
    h.exchange.limitNextFill('dlb-t0001-b1', '0.4');
    for await (const time of h.ticks()) if (time === minute(1)) expect((await h.loop.operate((desk) => cancelDeal(desk, { dealId: 't0001' }))).outcome).toBe('bought');
    const [deal] = await h.deals();
    expect([deal?.status, sellsOf(deal)[0]]).toEqual(['open', ['s1', 'limit', '101', null, '0.4', 'open', []]]);
  });
});

describe('operator: close all, panic sell now, pause and resume', () => {
  const twoPairs = (bullish: number[]) =>
    tradingHarness(
      { 'BTC/USDT': BTC, 'ETH/USDT': BTC },
      { 'BTC/USDT': FLAT, 'ETH/USDT': FLAT },
      new ScriptedStrategy({ 'BTC/USDT': bullish.map(minute), 'ETH/USDT': bullish.map(minute) }),
    );

  it('closes the deals of one pair only, when asked so', async () => {
    const h = twoPairs([0]);
    for await (const time of h.ticks()) {
      if (time === minute(2)) expect((await h.loop.operate((desk) => closeAllDeals(desk, { symbols: ['ETH/USDT'] }))).map((r) => r.outcome)).toEqual(['closing']);
    }
    expect((await h.deals()).map((d) => [d.symbol, d.status, d.reason])).toEqual([['BTC/USDT', 'open', null], ['ETH/USDT', 'closed', 'close_all']]);
  });

  it('after pause and close-all, no deal is open and no order rests; resume lets deals open again', async () => {
    const h = twoPairs([0, 3, 4]);
    for await (const time of h.ticks()) {
      if (time === minute(1)) {
        await h.loop.operate((desk) => pauseNewDeals(desk));
        const first = await h.loop.operate((desk) => closeAllDeals(desk));
        const again = await h.loop.operate((desk) => closeAllDeals(desk));
        expect([first.map((r) => r.outcome), again.map((r) => r.outcome)]).toEqual([['closing', 'closing'], ['already_closing', 'already_closing']]);
      }
      if (time === minute(2)) {
        expect(await h.uow.run((r) => r.deals.getOpenDeals())).toEqual([]);
        expect(await h.exchange.fetchOpenOrders()).toEqual([]);
      }
      if (time === minute(3)) expect(await h.loop.operate((desk) => resumeNewDeals(desk))).toBe(true);
    }
    const deals = await h.deals();
    expect(deals.map((d) => [d.symbol, d.createdAt])).toEqual([['BTC/USDT', minute(1)], ['ETH/USDT', minute(1)], ['BTC/USDT', minute(5)], ['ETH/USDT', minute(5)]]);
    expect(h.exchange.orders().filter((o) => o.clientOrderId.includes('-x'))).toHaveLength(2);
  });

  it('panic sell now pauses every pair until resumed and closes everything once', async () => {
    const h = twoPairs([0, 3]);
    for await (const time of h.ticks()) {
      if (time !== minute(2)) continue;
      const first = await h.loop.operate((desk) => panicSell(desk));
      const second = await h.loop.operate((desk) => panicSell(desk));
      expect(first.pauses.map((p) => [p.symbol, p.until, p.reason])).toEqual([['BTC/USDT', null, 'operator_panic_sell'], ['ETH/USDT', null, 'operator_panic_sell']]);
      expect([first.deals.map((d) => d.outcome), second.deals.map((d) => d.outcome)]).toEqual([['closing', 'closing'], ['already_closing', 'already_closing']]);
    }
    const deals = await h.deals();
    expect(deals.map((d) => [d.status, d.reason])).toEqual([['closed', 'operator_panic_sell'], ['closed', 'operator_panic_sell']]);
    expect(h.loop.pauses.list(h.clock.now())).toHaveLength(2);
    expect(await h.loop.operate((desk) => resumeNewDeals(desk, { symbol: 'BTC/USDT' }))).toBe(true);
    expect(h.loop.pauses.isPaused('BTC/USDT', h.clock.now())).toBe(false);
    expect(h.loop.pauses.isPaused('ETH/USDT', h.clock.now())).toBe(true);
    await expect(h.loop.operate((desk) => pauseNewDeals(desk, { symbol: 'XRP/USDT' }))).rejects.toThrow('pair XRP/USDT is not traded by this bot');
  });
});

describe('operator actions without a running loop', () => {
  it('are picked up by the loop on its next start: a close whose cancel failed is carried on', async () => {
    const h = exitHarness({}, FLAT.slice(0, 3));
    await h.loop.run();
    h.exchange.failNext('cancelOrder', new TemporaryExchangeError('exchange unreachable'));
    const desk = databaseDesk(h.ctx);
    expect((await closeDeal(desk, { dealId: 't0001' })).outcome).toBe('closing');
    const [stored] = await h.deals();
    expect([stored?.status, stored?.workingSells.map((o) => o.clientOrderId)]).toEqual(['closing', ['dlb-t0001-s1']]);

    const after = h.restart({ 'BTC/USDT': FLAT.slice(3) });
    await after.loop.run();
    const [deal] = await h.deals();
    expect(sellsOf(deal)).toEqual([
      ['s1', 'limit', '101', null, '1', 'canceled', []],
      ['x1', 'market', null, null, '1', 'closed', [['100.2', '1', '0.2004', minute(3)]]], // placed by reconciliation at start
    ]);
    expect([deal?.status, deal?.reason]).toEqual(['closed', 'operator_close']);
  });
});
