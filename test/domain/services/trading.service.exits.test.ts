import { describe, expect, it } from 'vitest';
import { Deal } from '../../../src/domain/deal/deal.entity.js';
import { Order } from '../../../src/domain/order/order.entity.js';
import type { ExchangeOrder } from '../../../src/domain/ports/exchange.port.js';
import { STOP_MOVED } from '../../../src/domain/services/exits/exit-reason.js';
import type { ExitRulesProps } from '../../../src/domain/currency-pair/exit-rules.js';
import { TradingService } from '../../../src/domain/services/trading.service.js';
import { dec } from '../../../src/domain/shared/decimal.js';
import { boughtDeal, MARKET, pairWith } from './exits/exit-fixtures.js';

const trading = new TradingService();
const LADDER: ExitRulesProps = { stopLoss: '0.05', takeProfit: { targets: [{ profit: '0.01', share: '0.5' }, { profit: '0.02', share: '0.5' }] } };

function context(exits: ExitRulesProps, patch: { at?: number; price?: number; stops?: boolean } = {}) {
  return { pair: pairWith(exits), market: MARKET, at: patch.at ?? 120_000, prefix: 'dlb-', stops: patch.stops ?? true, price: patch.price ?? 100 };
}

function answer(deal: Deal, id: string, patch: Partial<ExchangeOrder>): ExchangeOrder {
  const order = deal.order(id);
  if (!order) throw new Error(id);
  return { exchangeOrderId: `x-${id}`, clientOrderId: id, symbol: order.symbol, side: order.side, type: order.type, price: order.price, amount: order.amount, status: 'open', filled: dec(0), cost: dec(0), fee: dec(0), trades: [], timestamp: 1_000, ...patch };
}

const sells = (deal: Deal) => deal.sellOrders.map((o) => [o.clientOrderId, o.type, o.price?.toString() ?? null, o.stopPrice?.toString() ?? null, o.amount.toString(), o.status]);

function trade(id: string, price: string, amount: string, fee = '0') {
  return { id, price: dec(price), amount: dec(amount), fee: dec(fee), timestamp: 180_000 };
}

describe('TradingService with exit rules', () => {
  it('places one take-profit sell per target, each carrying the stop', () => {
    const deal = boughtDeal();
    const actions = trading.advance(deal, context(LADDER));
    expect(actions.map((a) => a.order.clientOrderId)).toEqual(['dlb-d1-s1', 'dlb-d1-s2']);
    expect(sells(deal)).toEqual([
      ['dlb-d1-s1', 'limit', '101', '95', '1', 'new'],
      ['dlb-d1-s2', 'limit', '102', '95', '1', 'new'],
    ]);
  });

  it('sends no stop where the exchange holds none', () => {
    const deal = boughtDeal();
    trading.advance(deal, context(LADDER, { stops: false }));
    expect(sells(deal).map((s) => s[3])).toEqual([null, null]);
  });

  it('exits at market at once when the price is already at the stop when the buy fills', () => {
    const deal = boughtDeal();
    const actions = trading.advance(deal, context(LADDER, { price: 95 }));
    expect(deal.status).toBe('closing');
    expect(deal.reason).toBe('stop_loss');
    expect(actions.map((a) => a.order.clientOrderId)).toEqual(['dlb-d1-x1']);
    expect(sells(deal)).toEqual([['dlb-d1-x1', 'market', null, null, '2', 'new']]);
  });

  it('begins an exit: withdraws unsent sells, returns resting ones, then sells the rest at market', () => {
    const deal = boughtDeal();
    const ctx = context(LADDER);
    trading.advance(deal, ctx);
    deal.sellOrders[0]?.accept('e-s1', 120_000);
    const resting = trading.beginExit(deal, 'operator_close', { ...ctx, at: 180_000 });
    expect(deal.status).toBe('closing');
    expect(resting.map((o) => o.clientOrderId)).toEqual(['dlb-d1-s1']);
    expect(deal.sellOrders[1]?.status).toBe('canceled'); // s2 was never sent
    // s1 sold 0.4 before the cancel took: the market sell is for the other 1.6
    const actions = trading.updateDealStatus(deal, answer(deal, 'dlb-d1-s1', { status: 'canceled', filled: dec('0.4'), trades: [trade('t1', '101', '0.4', '0.0404')] }), { ...ctx, at: 180_000 });
    expect(actions.map((a) => [a.order.clientOrderId, a.order.amount.toString()])).toEqual([['dlb-d1-x1', '1.6']]);
    expect(trading.advance(deal, ctx)).toEqual([]); // the exit sell works: nothing more
    const x = deal.order('dlb-d1-x1');
    x?.accept('e-x1', 180_000);
    trading.updateDealStatus(deal, answer(deal, 'dlb-d1-x1', { status: 'closed', filled: dec('1.6'), trades: [trade('t2', '98', '1.6', '0.3136')] }), { ...ctx, at: 240_000 });
    expect(deal.status).toBe('closed');
    expect(deal.reason).toBe('operator_close');
    // 40.4 + 156.8 - 200 - 0.2 - 0.0404 - 0.3136
    expect(deal.pnl?.toString()).toBe('-3.354');
  });

  it('takes a partly filled buy to the exit, or cancels an unfilled one', () => {
    const ctx = context({});
    const pending = (filled: string | null) => {
      const deal = Deal.open('d1', Order.create({ clientOrderId: 'dlb-d1-b1', dealId: 'd1', symbol: 'BTC/USDT', side: 'buy', type: 'limit', price: dec('100'), amount: dec('2'), createdAt: 60_000 }), 60_000);
      deal.buyOrder.accept('e1', 60_000);
      if (filled) deal.buyOrder.applyFill({ tradeId: 't1', price: dec('100'), amount: dec(filled), fee: dec('0'), timestamp: 60_000 }, 60_000);
      deal.buyOrder.cancel(120_000, 'operator_close');
      return deal;
    };
    const partial = pending('0.5');
    const actions = trading.finishBuyForExit(partial, 'operator_close', ctx);
    expect([partial.status, partial.reason]).toEqual(['closing', 'operator_close']);
    expect(actions.map((a) => [a.order.clientOrderId, a.order.amount.toString()])).toEqual([['dlb-d1-x1', '0.5']]);
    const unfilled = pending(null);
    expect(trading.finishBuyForExit(unfilled, 'operator_close', ctx)).toEqual([]);
    expect([unfilled.status, unfilled.reason]).toEqual(['cancelled', 'operator_close']);
  });

  it('names the rule that sold: stop loss, trailing stop, take profit, profit markup', () => {
    const close = (exits: ExitRulesProps, fill: string, mark?: string) => {
      const deal = boughtDeal();
      const ctx = context(exits, { price: 100.99 });
      if (mark) {
        trading.advance(deal, ctx);
        deal.raiseHighWaterMark(dec(mark));
        deal.sellOrders[0]?.cancel(150_000, STOP_MOVED);
        trading.advance(deal, ctx);
      } else trading.advance(deal, ctx);
      const sell = deal.workingSells[0]!;
      sell.accept('e', 150_000);
      trading.updateDealStatus(deal, answer(deal, sell.id, { status: 'closed', filled: dec('2'), trades: [trade('t', fill, '2')] }), { ...ctx, at: 240_000 });
      return [deal.status, deal.reason, sell.stopPrice?.toString() ?? null];
    };
    expect(close({ stopLoss: '0.05' }, '94')).toEqual(['closed', 'stop_loss', '95']);
    expect(close({ stopLoss: '0.05', trailingStop: { activation: '0.02', distance: '0.01' } }, '100.5', '102')).toEqual(['closed', 'trailing_stop', '100.98']);
    expect(close({ takeProfit: { targets: [{ profit: '0.03', share: '1' }] } }, '103')).toEqual(['closed', 'take_profit', null]);
    expect(close({}, '101')).toEqual(['closed', 'profit_markup', null]);
  });

  it('does not count sells moved for a new stop as failed attempts', () => {
    const deal = boughtDeal();
    const ctx = context({ stopLoss: '0.05' });
    trading.advance(deal, ctx);
    for (let i = 0; i < 7; i += 1) {
      deal.workingSells[0]?.cancel(150_000, STOP_MOVED);
      expect(trading.advance(deal, ctx)).toHaveLength(1);
    }
    expect(deal.workingSells.map((o) => o.clientOrderId)).toEqual(['dlb-d1-s8']);
    for (let i = 0; i < 5; i += 1) {
      deal.workingSells[0]?.reject('refused', 150_000);
      trading.advance(deal, ctx);
    }
    expect(deal.workingSells).toEqual([]); // five refusals: it waits for an operator
  });
});
