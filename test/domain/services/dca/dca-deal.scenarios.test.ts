import { describe, expect, it } from 'vitest';
import { AVERAGE_MOVED, stillToSpend, TAKE_PROFIT_FILLED } from '../../../../src/domain/services/dca/dca-deal.js';
import { ExitWatch } from '../../../../src/domain/services/exits/exit.watch.js';
import { dec } from '../../../../src/domain/shared/decimal.js';
import { DCA_MARKET, DcaDriver, dcaPair } from './dca-fixtures.js';

const text = (v: { toString(): string } | null | undefined): string | null => (v === null || v === undefined ? null : v.toString());

describe('a DCA deal, by hand (base 10 @ 100, safety 20/40/80 at -1/-2.5/-4.75 %, take profit 1.5 %, fees 0.1 %)', () => {
  it('fills three safety orders one after the other, then closes at the average take profit with its PnL exact', () => {
    const d = new DcaDriver(dcaPair());
    expect(text(d.open('100'))).toBe('150.15'); // the whole max budget 150, plus the maker fee
    expect([d.deal.buyOrder.clientOrderId, text(d.deal.buyOrder.price), text(d.deal.buyOrder.amount)]).toEqual(['dlb-42-b1', '100', '0.1']);

    d.fill('b1');
    d.step();
    expect(d.working()).toEqual(['s1', 'd1']);
    expect([text(d.order('s1').price), text(d.order('s1').amount)]).toEqual(['101.5', '0.0999']);
    expect([text(d.order('d1').price), text(d.order('d1').amount)]).toEqual(['99', '0.20202']);

    d.at += 60_000;
    d.fill('d1');
    d.step();
    expect(d.order('s1').status).toBe('canceled');
    expect(d.order('s1').reason).toBe(AVERAGE_MOVED);
    expect(d.working()).toEqual(['s2', 'd2']);
    expect(text(d.deal.averagePrice)).toBe('99.3311039004039467584928150453612343553407'); // 29.99998 / 0.30202, to 40 places
    expect([text(d.order('s2').price), text(d.order('s2').amount)]).toEqual(['100.83', '0.30171']);
    expect([text(d.order('d2').price), text(d.order('d2').amount)]).toEqual(['97.5', '0.41025']);

    d.at += 60_000;
    d.fill('d2');
    d.step();
    expect(d.working()).toEqual(['s3', 'd3']);
    expect([text(d.order('s3').price), text(d.order('s3').amount)]).toEqual(['99.76', '0.71155']);

    d.at += 60_000;
    d.fill('d3');
    d.step();
    expect(d.working()).toEqual(['s4']); // three safety orders placed: no fourth
    expect([text(d.deal.boughtCost), text(d.deal.boughtAmount), text(d.deal.receivedAmount)]).toEqual(['149.9988775', '1.55216', '1.55060784']);
    expect([text(d.order('s4').price), text(d.order('s4').amount)]).toEqual(['98.09', '1.5506']);

    d.at += 60_000;
    d.fill('s4');
    d.step();
    // 98.09 x 1.5506 = 152.098354 sold, 149.9988775 bought, 0.152098354 sell fee; buy fees were paid in BTC
    expect([d.deal.status, d.deal.reason, text(d.deal.pnl), text(d.deal.dust)]).toEqual(['closed', 'take_profit', '1.947378146', '0.00000784']);
    expect(d.deal.pnl?.eq(d.deal.sellOrders.reduce((sum, o) => sum.plus(o.cost), dec(0)).minus(d.deal.boughtCost).minus('0.152098354'))).toBe(true);
  });

  it('a stop loss from the average cancels the resting take profit and safety buy first, then sells at market', () => {
    const pair = dcaPair({ stopLoss: { drop: '0.1', from: 'average' } });
    const d = new DcaDriver(pair);
    d.open('100');
    d.fill('b1');
    d.step();
    d.at += 60_000;
    d.fill('d1');
    d.step();
    const watch = new ExitWatch(d.deal, pair, d.market, false);
    expect(text(watch.stop?.price)).toBe('89.4'); // 99.3311... x 0.9 rounded up
    expect(watch.evaluate(d.at, 90, 89.5, d.at)).toBeNull();
    expect(watch.evaluate(d.at + 60_000, 90, 89.4, d.at + 60_000)).toEqual({ kind: 'close', reason: 'stop_loss' });

    d.at += 60_000;
    const resting = d.trading.beginExit(d.deal, 'stop_loss', d.ctx(89.4));
    expect(resting.map((o) => o.clientOrderId)).toEqual(['dlb-42-s2', 'dlb-42-d2']);
    expect(d.trading.advance(d.deal, d.ctx(89.4))).toEqual([]); // not while they rest
    for (const o of resting) o.cancel(d.at, 'stop_loss');
    d.step(89.4);
    expect(d.working()).toEqual(['x1']);
    expect([d.order('x1').type, text(d.order('x1').amount)]).toEqual(['market', '0.30171']);
    d.at += 60_000;
    d.fill('x1', '89.3');
    d.step();
    // 89.3 x 0.30171 = 26.942703, fee 0.026942703; bought 29.99998
    expect([d.deal.status, d.deal.reason, text(d.deal.pnl), text(d.deal.dust)]).toEqual(['closed', 'stop_loss', '-3.084219703', '0.00000798']);
  });

  it('a stop loss from the base price stays where the base order bought, whatever the average', () => {
    const pair = dcaPair({ stopLoss: { drop: '0.05', from: 'base' } });
    const d = new DcaDriver(pair);
    d.open('100');
    d.fill('b1');
    d.step();
    d.fill('d1');
    d.step();
    expect(text(new ExitWatch(d.deal, pair, d.market, true).stop?.price)).toBe('95');
    expect(d.deal.workingSells.every((s) => s.stopPrice === null)).toBe(true); // sold at market by the watch, not carried on the sells
  });

  for (const first of ['take profit', 'safety buy'] as const) {
    it(`a safety buy filling in the candle the take profit fills (${first} reported first): the take profit sold what it was placed for, the safety fill is sold at market`, () => {
      const d = new DcaDriver(dcaPair());
      d.open('100');
      d.fill('b1');
      d.step();
      d.at += 60_000;
      if (first === 'take profit') {
        d.fill('s1');
        d.send(d.trading.advance(d.deal, d.ctx()));
        expect(d.trading.dueCancels(d.deal, d.pair).map((c) => [c.order.clientOrderId, c.reason])).toEqual([['dlb-42-d1', TAKE_PROFIT_FILLED]]);
        d.fill('d1'); // the cancel finds it filled
      } else {
        d.fill('d1');
        d.send(d.trading.advance(d.deal, d.ctx()));
        expect(d.trading.dueCancels(d.deal, d.pair).map((c) => [c.order.clientOrderId, c.reason])).toEqual([['dlb-42-s1', AVERAGE_MOVED]]);
        d.fill('s1'); // the cancel finds it filled
      }
      d.step();
      expect([d.deal.status, d.deal.reason, d.working()]).toEqual(['closing', 'take_profit', ['x1']]);
      expect(text(d.order('x1').amount)).toBe('0.20181'); // 0.20202 less its 0.1 % fee in BTC, to the amount step
      d.at += 60_000;
      d.fill('x1', '101');
      d.step();
      // sold 101.5 x 0.0999 + 101 x 0.20181 = 30.52266, bought 10 + 19.99998, sell fees 0.03052266
      expect([d.deal.status, d.deal.reason, text(d.deal.pnl)]).toEqual(['closed', 'take_profit', '0.49215734']);
    });
  }

  it('max active safety orders hold while the price gaps through several levels in one candle', () => {
    const d = new DcaDriver(dcaPair({ maxSafetyOrders: 4, maxActiveSafetyOrders: 2, stepScale: '1', volumeScale: '1' }, '90'));
    d.open('100');
    d.fill('b1');
    d.step();
    expect(d.working()).toEqual(['s1', 'd1', 'd2']);
    d.at += 60_000;
    d.fill('d1');
    d.fill('d2');
    d.step();
    expect(d.working()).toEqual(['s2', 'd3', 'd4']);
    d.at += 60_000;
    d.fill('d3');
    d.fill('d4');
    d.step();
    expect(d.working()).toEqual(['s3']);
    expect(d.deal.safetyOrders.map((o) => [o.clientOrderId, text(o.price)])).toEqual([['dlb-42-d1', '99'], ['dlb-42-d2', '98'], ['dlb-42-d3', '97'], ['dlb-42-d4', '96']]);
  });

  it('a level below the market minimum is skipped and the next one placed', () => {
    const d = new DcaDriver(dcaPair({ safetyOrder: '5', volumeScale: '3' }, '200'), { ...DCA_MARKET, minCost: dec('10') });
    d.open('100');
    d.fill('b1');
    d.step();
    // safety 1 is 5 (below the minimum cost 10): safety 2 of 15 rests instead
    expect(d.working()).toEqual(['s1', 'd2']);
  });
});

describe('what a working DCA deal may still spend (stillToSpend)', () => {
  it('is its max budget less what its buys spent and hold, with the maker fee, and never below zero', () => {
    const d = new DcaDriver(dcaPair());
    d.open('100');
    expect(text(stillToSpend(d.deal, d.pair.dca!, DCA_MARKET))).toBe('140.14'); // the resting base buy holds 10: (150 - 10) x 1.001
    d.fill('b1');
    d.step(100);
    // base bought for 10, safety buy 1 rests: (150 - 10 - what it holds) x 1.001
    expect(d.working()).toEqual(['s1', 'd1']);
    expect(text(stillToSpend(d.deal, d.pair.dca!, DCA_MARKET))).toBe(dec('150').minus('10').minus(d.order('d1').price!.times(d.order('d1').amount)).times('1.001').toString());
    // settings whose budget (5 + 1) is below what the deal already spent: nothing, not a negative amount
    expect(text(stillToSpend(d.deal, dcaPair({ baseOrder: '5', safetyOrder: '1', maxSafetyOrders: 1 }).dca!, DCA_MARKET))).toBe('0');
  });
});
