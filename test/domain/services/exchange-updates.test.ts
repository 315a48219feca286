import { describe, expect, it } from 'vitest';
import { CurrencyPair } from '../../../src/domain/currency-pair/currency-pair.entity.js';
import type { Deal } from '../../../src/domain/deal/deal.entity.js';
import type { ExchangeOrder, ExchangeTrade } from '../../../src/domain/ports/exchange.port.js';
import { TradingService } from '../../../src/domain/services/trading.service.js';
import { dec } from '../../../src/domain/shared/decimal.js';
import type { MarketRules } from '../../../src/domain/shared/market-rules.js';

/**
 * Every status an exchange reports for a deal's buy, and what must follow: the order's status
 * and filled amount, the coins the deal holds, the deal's status and the sells it asks for.
 */
const pair = CurrencyPair.create({ symbol: 'ETH/USDT', orderLifeTime: 600, dealQuota: '200', profitMarkup: '0.01', dealCount: 1 });
const market: MarketRules = { symbol: 'ETH/USDT', base: 'ETH', quote: 'USDT', amountStep: dec('0.01'), priceStep: dec('0.01'), minAmount: dec('0.01'), minCost: dec('5'), makerFee: dec('0.001'), takerFee: dec('0.001') };
const trading = new TradingService();
const ctx = { pair, market, at: 10_000, prefix: 'dlb-' };

/** A pending deal with its limit buy of 2 ETH @ 100, persisted (`new`), not yet answered. */
function pending(): Deal {
  const decision = trading.openDealIfNeeded('BULLISH', pair, { openDeals: 0, freeQuote: dec('1000'), price: dec('100'), market, at: 1_000, dealId: 'd1', prefix: 'dlb-' });
  if (decision.kind !== 'open') throw new Error(decision.reason);
  return decision.deal;
}

const fill = (id: string, amount: string, fee = '0.01', feeCurrency?: string): ExchangeTrade => ({ id, price: dec('100'), amount: dec(amount), fee: dec(fee), ...(feeCurrency && { feeCurrency }), timestamp: 5_000 });

function update(deal: Deal, id: string, status: ExchangeOrder['status'], trades: ExchangeTrade[] | null, patch: Partial<ExchangeOrder> = {}): ExchangeOrder {
  const order = deal.order(id)!;
  const filled = (trades ?? []).reduce((sum, t) => sum.plus(t.amount), dec(0));
  return { exchangeOrderId: `x-${id}`, clientOrderId: id, symbol: order.symbol, side: order.side, type: order.type, price: order.price, amount: order.amount, status, filled, cost: filled.times(100), fee: dec(0), trades, timestamp: 5_000, ...patch };
}

const summary = (deal: Deal) => ({
  buy: deal.buyOrder.status,
  filled: deal.buyOrder.filled.toString(),
  deal: deal.status,
  held: deal.unsoldAmount.toString(),
  sells: deal.sellOrders.map((o) => `${o.clientOrderId} ${o.amount.toString()} @ ${o.price?.toString() ?? 'market'}`),
  reason: deal.reason,
});

describe('exchange updates of a buy, for every status the exchange reports', () => {
  it('new (acknowledged, nothing filled): the order is open with its exchange id, the deal waits', () => {
    const deal = pending();
    const actions = trading.updateDealStatus(deal, update(deal, 'dlb-d1-b1', 'open', []), ctx);
    expect(actions).toEqual([]);
    expect(deal.buyOrder.exchangeOrderId).toBe('x-dlb-d1-b1');
    expect(summary(deal)).toEqual({ buy: 'open', filled: '0', deal: 'pending', held: '0', sells: [], reason: null });
  });

  it('partially filled: the order holds the part, the deal still waits for the rest and sells nothing yet', () => {
    const deal = pending();
    expect(trading.updateDealStatus(deal, update(deal, 'dlb-d1-b1', 'open', [fill('t1', '0.5')]), ctx)).toEqual([]);
    expect(summary(deal)).toEqual({ buy: 'partially_filled', filled: '0.5', deal: 'pending', held: '0.5', sells: [], reason: null });
  });

  it('filled: the deal is open, holds everything bought and places the take-profit sell for all of it', () => {
    const deal = pending();
    const actions = trading.updateDealStatus(deal, update(deal, 'dlb-d1-b1', 'closed', [fill('t1', '0.5'), fill('t2', '1.5')]), ctx);
    expect(actions.map((a) => a.order.clientOrderId)).toEqual(['dlb-d1-s1']);
    expect(summary(deal)).toEqual({ buy: 'closed', filled: '2', deal: 'open', held: '2', sells: ['dlb-d1-s1 2 @ 101'], reason: null });
  });

  it('filled with the fee in the base asset: the deal holds and sells only what it received', () => {
    const deal = pending();
    trading.updateDealStatus(deal, update(deal, 'dlb-d1-b1', 'closed', [fill('t1', '2', '0.002', 'ETH')]), ctx);
    expect(summary(deal)).toMatchObject({ deal: 'open', filled: '2', held: '1.998' });
    // 1.998 on the 0.01 step: the sell takes 1.99, the 0.008 left is below any order
    expect(deal.sellOrders.map((o) => o.amount.toString())).toEqual(['1.99']);
  });

  it('canceled with nothing filled: the deal is cancelled with the exchange\'s reason', () => {
    const deal = pending();
    trading.updateDealStatus(deal, update(deal, 'dlb-d1-b1', 'open', []), ctx);
    trading.updateDealStatus(deal, update(deal, 'dlb-d1-b1', 'canceled', []), ctx);
    expect(summary(deal)).toEqual({ buy: 'canceled', filled: '0', deal: 'cancelled', held: '0', sells: [], reason: 'cancelled on the exchange' });
    expect(deal.closedAt).toBe(10_000);
  });

  it('expired with nothing filled: the order is expired (not cancelled) and the deal cancelled', () => {
    const deal = pending();
    trading.updateDealStatus(deal, update(deal, 'dlb-d1-b1', 'expired', []), ctx);
    expect(summary(deal)).toEqual({ buy: 'expired', filled: '0', deal: 'cancelled', held: '0', sells: [], reason: 'expired on the exchange' });
  });

  it('rejected: the order is rejected and the deal cancelled, nothing held', () => {
    const deal = pending();
    trading.updateDealStatus(deal, update(deal, 'dlb-d1-b1', 'rejected', []), ctx);
    expect(summary(deal)).toEqual({ buy: 'rejected', filled: '0', deal: 'cancelled', held: '0', sells: [], reason: 'rejected by the exchange' });
    expect(deal.pullEvents().map((e) => e.type)).toEqual(['DealOpened', 'OrderRejected', 'DealCancelled']);
  });

  it('partially filled then canceled: the part stays bought, the deal opens and sells just that part', () => {
    const deal = pending();
    trading.updateDealStatus(deal, update(deal, 'dlb-d1-b1', 'open', [fill('t1', '0.5')]), ctx);
    const actions = trading.updateDealStatus(deal, update(deal, 'dlb-d1-b1', 'canceled', [fill('t1', '0.5')]), ctx);
    expect(actions).toHaveLength(1);
    expect(summary(deal)).toEqual({ buy: 'canceled', filled: '0.5', deal: 'open', held: '0.5', sells: ['dlb-d1-s1 0.5 @ 101'], reason: null });
  });

  it('partially filled then expired: the same, and the order says expired', () => {
    const deal = pending();
    trading.updateDealStatus(deal, update(deal, 'dlb-d1-b1', 'open', [fill('t1', '0.5')]), ctx);
    trading.updateDealStatus(deal, update(deal, 'dlb-d1-b1', 'expired', [fill('t1', '0.5'), fill('t2', '0.25')]), ctx);
    expect(summary(deal)).toEqual({ buy: 'expired', filled: '0.75', deal: 'open', held: '0.75', sells: ['dlb-d1-s1 0.75 @ 101'], reason: null });
  });

  it('a "rejected" report after part of the order filled does not undo the fill', () => {
    const deal = pending();
    trading.updateDealStatus(deal, update(deal, 'dlb-d1-b1', 'open', [fill('t1', '0.5')]), ctx);
    trading.updateDealStatus(deal, update(deal, 'dlb-d1-b1', 'rejected', [fill('t1', '0.5')]), ctx);
    expect(summary(deal)).toMatchObject({ buy: 'partially_filled', filled: '0.5', deal: 'pending' });
  });

  it('a report on an order already final changes nothing, whatever it says', () => {
    const deal = pending();
    trading.updateDealStatus(deal, update(deal, 'dlb-d1-b1', 'expired', []), ctx);
    deal.pullEvents();
    for (const status of ['rejected', 'canceled', 'expired'] as const) trading.updateDealStatus(deal, update(deal, 'dlb-d1-b1', status, []), ctx);
    expect(summary(deal)).toMatchObject({ buy: 'expired', deal: 'cancelled' });
    expect(deal.pullEvents()).toEqual([]);
  });

  it('the end reason the caller gives replaces the exchange\'s own', () => {
    const deal = pending();
    trading.updateDealStatus(deal, update(deal, 'dlb-d1-b1', 'canceled', []), ctx, 'stale: orderLifeTime 600 s');
    expect(deal.buyOrder.reason).toBe('stale: orderLifeTime 600 s');
    expect(deal.reason).toBe('stale: orderLifeTime 600 s');
    const other = pending();
    trading.updateDealStatus(other, update(other, 'dlb-d1-b1', 'expired', []), ctx, 'gone');
    expect(other.buyOrder.reason).toBe('gone');
  });

  it('refuses an update for an order of another deal, or for another order', () => {
    const deal = pending();
    const foreign = { ...update(deal, 'dlb-d1-b1', 'open', []), clientOrderId: 'dlb-d2-b1' };
    expect(() => trading.updateDealStatus(deal, foreign, ctx)).toThrow(new RangeError('order dlb-d2-b1 is not part of deal d1'));
    expect(() => trading.orders.applyUpdate(deal.buyOrder, foreign, 1)).toThrow(new RangeError('update for dlb-d2-b1 applied to dlb-d1-b1'));
    expect(deal.buyOrder.status).toBe('new');
  });
});

describe('exchange updates of an order whose outcome was unknown', () => {
  function unknown(): Deal {
    const deal = pending();
    deal.buyOrder.markUnknown('timeout', 2_000);
    return deal;
  }

  it('found resting: accepted', () => {
    const deal = unknown();
    trading.updateDealStatus(deal, update(deal, 'dlb-d1-b1', 'open', []), ctx);
    expect(deal.buyOrder.status).toBe('open');
  });

  it('found filled: filled straight from unknown, never shown as acknowledged first', () => {
    const deal = unknown();
    trading.updateDealStatus(deal, update(deal, 'dlb-d1-b1', 'closed', [fill('t1', '2')]), ctx);
    expect(deal.buyOrder.status).toBe('closed');
    expect(deal.pullEvents().map((e) => e.type)).toEqual(['DealOpened', 'OrderOutcomeUnknown', 'OrderFilled', 'DealBought']);
  });

  it('found partly filled and expired: the part is kept, without an acknowledgement', () => {
    const deal = unknown();
    trading.updateDealStatus(deal, update(deal, 'dlb-d1-b1', 'expired', [fill('t1', '1')]), ctx);
    expect(summary(deal)).toMatchObject({ buy: 'expired', filled: '1', deal: 'open' });
    expect(deal.pullEvents().map((e) => e.type).slice(0, 4)).toEqual(['DealOpened', 'OrderOutcomeUnknown', 'OrderFilled', 'OrderCancelled']);
  });

  it('found resting with part filled: acknowledged with its exchange id, then the fill', () => {
    const deal = unknown();
    trading.updateDealStatus(deal, update(deal, 'dlb-d1-b1', 'open', [fill('t1', '0.5')]), ctx);
    expect([deal.buyOrder.status, deal.buyOrder.exchangeOrderId]).toEqual(['partially_filled', 'x-dlb-d1-b1']);
    expect(deal.pullEvents().map((e) => e.type)).toEqual(['DealOpened', 'OrderOutcomeUnknown', 'OrderPlaced', 'OrderFilled']);
  });

  it('found cancelled with nothing filled: acknowledged with its exchange id, then cancelled', () => {
    const deal = unknown();
    trading.updateDealStatus(deal, update(deal, 'dlb-d1-b1', 'canceled', []), ctx);
    expect([deal.buyOrder.status, deal.buyOrder.exchangeOrderId, deal.status]).toEqual(['canceled', 'x-dlb-d1-b1', 'cancelled']);
    expect(deal.pullEvents().map((e) => e.type)).toEqual(['DealOpened', 'OrderOutcomeUnknown', 'OrderPlaced', 'OrderCancelled', 'DealCancelled']);
  });

  it('proven never placed (rejected): rejected, the deal cancelled', () => {
    const deal = unknown();
    trading.updateDealStatus(deal, update(deal, 'dlb-d1-b1', 'rejected', []), ctx);
    expect(summary(deal)).toMatchObject({ buy: 'rejected', deal: 'cancelled' });
  });
});

describe('exchange updates that give totals instead of trades', () => {
  it('derives one fill per new filled amount, priced by the new cost, with the new fee', () => {
    const deal = pending();
    const buy = deal.buyOrder;
    trading.updateDealStatus(deal, update(deal, 'dlb-d1-b1', 'open', null, { filled: dec('0.5'), cost: dec('49.5'), fee: dec('0.05') }), ctx);
    trading.updateDealStatus(deal, update(deal, 'dlb-d1-b1', 'closed', null, { filled: dec('2'), cost: dec('199.5'), fee: dec('0.2') }), ctx);
    expect(buy.fills.map((f) => [f.tradeId, f.price.toString(), f.amount.toString(), f.fee.toString()])).toEqual([
      ['x-dlb-d1-b1:0.5', '99', '0.5', '0.05'],
      ['x-dlb-d1-b1:2', '100', '1.5', '0.15'],
    ]);
    // no fee currency named: the fills say none (the quote), rather than carry an empty one
    expect(Object.keys(buy.fills[0]!).sort()).toEqual(['amount', 'fee', 'price', 'timestamp', 'tradeId']);
    expect(summary(deal)).toMatchObject({ buy: 'closed', deal: 'open', held: '2' });
  });

  it('a fee named in the base currency is subtracted from what is held', () => {
    const deal = pending();
    trading.updateDealStatus(deal, update(deal, 'dlb-d1-b1', 'closed', null, { filled: dec('2'), cost: dec('200'), fee: dec('0.002'), feeCurrency: 'ETH' }), ctx);
    expect(deal.buyOrder.fills[0]?.feeCurrency).toBe('ETH');
    expect(deal.buyOrder.baseFee.toString()).toBe('0.002');
    expect(deal.unsoldAmount.toString()).toBe('1.998');
  });

  it('the fee of a later total counts only what is new in that currency', () => {
    const deal = pending();
    trading.updateDealStatus(deal, update(deal, 'dlb-d1-b1', 'open', null, { filled: dec('1'), cost: dec('100'), fee: dec('0.001'), feeCurrency: 'ETH' }), ctx);
    trading.updateDealStatus(deal, update(deal, 'dlb-d1-b1', 'closed', null, { filled: dec('2'), cost: dec('200'), fee: dec('0.002'), feeCurrency: 'ETH' }), ctx);
    expect(deal.buyOrder.fills.map((f) => f.fee.toString())).toEqual(['0.001', '0.001']);
  });

  it('a total that is not above what is applied adds no fill', () => {
    const deal = pending();
    trading.updateDealStatus(deal, update(deal, 'dlb-d1-b1', 'open', null, { filled: dec('1'), cost: dec('100') }), ctx);
    trading.updateDealStatus(deal, update(deal, 'dlb-d1-b1', 'open', null, { filled: dec('1'), cost: dec('100') }), ctx);
    trading.updateDealStatus(deal, update(deal, 'dlb-d1-b1', 'open', null, { filled: dec('0.5'), cost: dec('50') }), ctx);
    expect(deal.buyOrder.fills).toHaveLength(1);
  });

  it('a trade with a third-currency fee keeps its currency and quote value', () => {
    const deal = pending();
    const bnb: ExchangeTrade = { ...fill('t1', '2', '0.0005', 'BNB'), feeQuote: dec('0.3') };
    trading.updateDealStatus(deal, update(deal, 'dlb-d1-b1', 'closed', [bnb]), ctx);
    const f = deal.buyOrder.fills[0]!;
    expect([f.feeCurrency, f.feeQuote?.toString()]).toEqual(['BNB', '0.3']);
    const unpriced: ExchangeTrade = { ...fill('t1', '2', '0.0005', 'BNB'), feeQuote: null };
    const other = pending();
    trading.updateDealStatus(other, update(other, 'dlb-d1-b1', 'closed', [unpriced]), ctx);
    expect('feeQuote' in other.buyOrder.fills[0]!).toBe(false);
    const plain = pending();
    trading.updateDealStatus(plain, update(plain, 'dlb-d1-b1', 'closed', [fill('t1', '2')]), ctx);
    expect(Object.keys(plain.buyOrder.fills[0]!).sort()).toEqual(['amount', 'fee', 'price', 'timestamp', 'tradeId']);
  });
});
