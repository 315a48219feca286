import { describe, expect, it } from 'vitest';
import type { Deal } from '../../../src/domain/deal/deal.entity.js';
import type { Order } from '../../../src/domain/order/order.entity.js';
import type { ExitRulesProps } from '../../../src/domain/currency-pair/exit-rules.js';
import { MAX_SELL_ATTEMPTS, TradingService } from '../../../src/domain/services/trading.service.js';
import { dec } from '../../../src/domain/shared/decimal.js';
import { boughtDeal, MARKET, pairWith } from './exits/exit-fixtures.js';

const trading = new TradingService();

function context(exits: ExitRulesProps = {}, patch: { at?: number; price?: number | null; market?: typeof MARKET } = {}) {
  return { pair: pairWith(exits), market: patch.market ?? MARKET, at: patch.at ?? 120_000, prefix: 'dlb-', stops: false, price: patch.price === undefined ? 100 : patch.price };
}

/** Bought 2 @ 100, its take-profit sell placed (s1), then an exit begun: closing, the first market sell x1 placed. */
function closing(reason = 'time_exit'): Deal {
  const deal = boughtDeal();
  const ctx = context();
  trading.advance(deal, ctx);
  trading.beginExit(deal, reason, ctx);
  const actions = trading.advance(deal, ctx);
  expect(actions.map((a) => a.order.clientOrderId)).toEqual(['dlb-d1-x1']);
  return deal;
}

const waiting = (deal: Deal) => deal.pullEvents().filter((e) => e.type === 'DealWaiting');

describe('retried sells are capped', () => {
  it('allows five sell attempts per leg before the deal waits for an operator', () => {
    expect(MAX_SELL_ATTEMPTS).toBe(5);
  });

  it('places a new exit sell after each refusal until the fifth, then waits and says why, once', () => {
    const deal = closing();
    for (let attempt = 1; attempt < MAX_SELL_ATTEMPTS; attempt += 1) {
      deal.workingSells[0]!.reject('insufficient balance', 130_000);
      const actions = trading.advance(deal, context());
      expect(actions.map((a) => a.order.clientOrderId)).toEqual([`dlb-d1-x${attempt + 1}`]);
    }
    deal.pullEvents();
    deal.workingSells[0]!.reject('insufficient balance', 130_000);
    expect(trading.advance(deal, context())).toEqual([]);
    expect(trading.advance(deal, context({}, { at: 200_000 }))).toEqual([]);
    expect(deal.workingSells).toEqual([]);
    expect([deal.status, deal.reason]).toEqual(['closing', '5 sells failed (last: insufficient balance); close or cancel the deal by hand']);
    expect(waiting(deal)).toHaveLength(1);
  });

  it('counts an exit sell that ended part-filled as failed, and one that sold everything as not', () => {
    const deal = closing();
    const x1 = deal.workingSells[0]!;
    x1.accept('e', 130_000);
    x1.applyFill({ tradeId: 't1', price: dec('99'), amount: dec('0.5'), fee: dec('0'), timestamp: 130_000 }, 130_000);
    x1.expire(130_000, 'market closed');
    const next = trading.advance(deal, context());
    expect(next.map((a) => [a.order.clientOrderId, a.order.amount.toString()])).toEqual([['dlb-d1-x2', '1.5']]);
  });

  it('a reason-less failed sell names its status', () => {
    const deal = closing();
    for (let attempt = 1; attempt <= MAX_SELL_ATTEMPTS; attempt += 1) {
      deal.workingSells[0]!.cancel(130_000);
      trading.advance(deal, context());
    }
    expect(deal.reason).toBe('5 sells failed (last: canceled); close or cancel the deal by hand');
  });

  it('a take-profit rung that sold all it offered is not a failed attempt', () => {
    const ladder: ExitRulesProps = { takeProfit: { targets: [{ profit: '0.01', share: '0.5' }, { profit: '0.02', share: '0.5' }] } };
    const deal = boughtDeal();
    expect(trading.advance(deal, context(ladder)).map((a) => a.order.clientOrderId)).toEqual(['dlb-d1-s1', 'dlb-d1-s2']);
    const [s1, s2] = deal.workingSells as [Order, Order];
    s1.accept('e', 130_000);
    s1.applyFill({ tradeId: 't1', price: dec('101'), amount: s1.amount, fee: dec('0'), timestamp: 130_000 }, 130_000);
    s2.reject('refused', 130_000);
    for (let attempt = 3; attempt <= MAX_SELL_ATTEMPTS + 1; attempt += 1) {
      // s2 to s5 failed: four of five; the sold-out s1 does not make the fifth
      expect(trading.advance(deal, context(ladder)).map((a) => a.order.clientOrderId)).toEqual([`dlb-d1-s${attempt}`]);
      if (attempt <= MAX_SELL_ATTEMPTS) deal.workingSells[0]!.reject('refused', 130_000);
    }
    expect(deal.reason).toBeNull();
  });

  it('counts take-profit and exit sells apart: failed take profits do not use up the exit\'s attempts', () => {
    const deal = boughtDeal();
    trading.advance(deal, context());
    for (let attempt = 1; attempt < MAX_SELL_ATTEMPTS; attempt += 1) {
      deal.workingSells[0]!.reject('refused', 130_000);
      expect(trading.advance(deal, context())).toHaveLength(1);
    }
    expect(deal.workingSells.map((o) => o.clientOrderId)).toEqual(['dlb-d1-s5']);
    trading.beginExit(deal, 'time_exit', context());
    expect(trading.advance(deal, context()).map((a) => a.order.clientOrderId)).toEqual(['dlb-d1-x1']);
  });
});

describe('an exit sell below the market minimum', () => {
  it('closes the closing deal with what is left recorded as dust, under the exit\'s reason', () => {
    const deal = boughtDeal('100', '0.005'); // 0.005 x 100 = 0.5 < minCost 1
    trading.finishBuyForExit(deal, 'time_exit', context());
    expect([deal.status, deal.reason, deal.dust?.toString(), deal.sellOrders.length]).toEqual(['closed', 'time_exit', '0.005', 0]);
  });

  it('values the rest at the last price: a fall below the minimum cost leaves it as dust', () => {
    const deal = boughtDeal('100', '0.012');
    trading.advance(deal, context());
    const s1 = deal.workingSells[0]!;
    s1.accept('e', 130_000);
    trading.beginExit(deal, 'time_exit', context({}, { price: 80 }));
    s1.applyFill({ tradeId: 't1', price: dec('101'), amount: dec('0.001'), fee: dec('0'), timestamp: 130_000 }, 130_000);
    s1.cancel(130_000, 'time_exit');
    // 0.011 x 80 = 0.88 < 1: no market sell
    expect(trading.advance(deal, context({}, { price: 80 }))).toEqual([]);
    expect([deal.status, deal.dust?.toString(), deal.reason]).toEqual(['closed', '0.011', 'time_exit']);
  });

  it('values the rest at the buy average when no price is known', () => {
    const deal = boughtDeal('100', '0.011'); // 0.011 x 100 = 1.1 >= 1
    const actions = trading.finishBuyForExit(deal, 'time_exit', context({}, { price: null }));
    expect(actions.map((a) => [a.order.clientOrderId, a.order.type, a.order.amount.toString()])).toEqual([['dlb-d1-x1', 'market', '0.011']]);
  });

  it('sells exactly the minimum', () => {
    const deal = boughtDeal('100', '0.01'); // 0.01 x 100 = 1 = minCost
    expect(trading.finishBuyForExit(deal, 'time_exit', context())).toHaveLength(1);
  });

  it('rounds the exit sell down to the amount step, leaving the rest', () => {
    const market = { ...MARKET, amountStep: dec('0.01') };
    const deal = boughtDeal('100', '1.234');
    const actions = trading.finishBuyForExit(deal, 'time_exit', context({}, { market }));
    expect(actions.map((a) => a.order.amount.toString())).toEqual(['1.23']);
  });
});

describe('take-profit sells that cannot be placed', () => {
  it('a bought amount below the minimum closes the deal as dust right after the buy', () => {
    const deal = boughtDeal('100', '0.005');
    expect(trading.advance(deal, context())).toEqual([]);
    expect([deal.status, deal.reason, deal.dust?.toString()]).toEqual(['closed', 'below_minimum', '0.005']);
  });
});
