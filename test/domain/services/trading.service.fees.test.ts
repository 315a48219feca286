import { describe, expect, it } from 'vitest';
import { CurrencyPair } from '../../../src/domain/currency-pair/currency-pair.entity.js';
import type { Deal } from '../../../src/domain/deal/deal.entity.js';
import type { DomainEvent } from '../../../src/domain/events.js';
import type { ExchangeOrder, ExchangeTrade } from '../../../src/domain/ports/exchange.port.js';
import { MAX_SELL_ATTEMPTS, TradingService } from '../../../src/domain/services/trading.service.js';
import { dec } from '../../../src/domain/shared/decimal.js';
import type { MarketRules } from '../../../src/domain/shared/market-rules.js';

const pair = CurrencyPair.create({ symbol: 'ETH/USDT', orderLifeTime: 600, dealQuota: '100', profitMarkup: '0.01', dealCount: 1 });
const market: MarketRules = { symbol: 'ETH/USDT', base: 'ETH', quote: 'USDT', amountStep: dec('0.001'), priceStep: dec('0.01'), minAmount: dec('0.001'), minCost: dec('5'), makerFee: dec('0.001'), takerFee: dec('0.001') };
const service = new TradingService();
const ctx = { pair, market, at: 10_000, prefix: 'dlb-' };

/** A pending deal: a limit buy of 0.05 ETH at 2000. */
function open(): Deal {
  const decision = service.openDealIfNeeded('BULLISH', pair, { openDeals: 0, freeQuote: dec('1000'), price: dec('2000'), market, at: 1_000, dealId: 'f1', prefix: 'dlb-' });
  if (decision.kind !== 'open') throw new Error(decision.reason);
  return decision.deal;
}

function trade(id: string, price: string, amount: string, fee: string, feeCurrency?: string, feeQuote?: string): ExchangeTrade {
  return { id, price: dec(price), amount: dec(amount), fee: dec(fee), ...(feeCurrency && { feeCurrency }), ...(feeQuote && { feeQuote: dec(feeQuote) }), timestamp: 2_000 };
}

function filled(deal: Deal, id: string, trades: ExchangeTrade[], status: ExchangeOrder['status'] = 'closed'): ExchangeOrder {
  const order = deal.order(id)!;
  const amount = trades.reduce((sum, t) => sum.plus(t.amount), dec(0));
  return { exchangeOrderId: `x-${id}`, clientOrderId: id, symbol: 'ETH/USDT', side: order.side, type: order.type, price: order.price, amount: order.amount, status, filled: amount, cost: dec(0), fee: dec(0), trades, timestamp: 2_000 };
}

function sent(actions: readonly { order: { clientOrderId: string; amount: { toString(): string } } }[]): string[] {
  return actions.map((a) => `${a.order.clientOrderId} ${a.order.amount.toString()}`);
}

describe('fees in the base asset (Binance buys)', () => {
  it('a deal sells what its buy received net of the base fee, rounded down to the step; the rest is dust when the sell fills', () => {
    const deal = open();
    const actions = service.updateDealStatus(deal, filled(deal, 'dlb-f1-b1', [trade('t1', '2000', '0.05', '0.00005', 'ETH')]), ctx);
    expect(deal.receivedAmount.toString()).toBe('0.04995');
    expect(sent(actions)).toEqual(['dlb-f1-s1 0.049']);
    service.updateDealStatus(deal, filled(deal, 'dlb-f1-s1', [trade('t2', '2020', '0.049', '0.09898')]), ctx);
    expect(deal.status).toBe('closed');
    expect(deal.dust?.toString()).toBe('0.00095');
    // proceeds 98.98 - cost 100 - quote fees 0.09898: the base fee already shrank what was sold
    expect(deal.pnl?.toString()).toBe('-1.11898');
    expect(deal.fees.toString()).toBe('0.19898');
  });

  it('a deal cannot close while coins it received are unsold, unless exactly that remainder is recorded as dust', () => {
    const deal = open();
    service.updateDealStatus(deal, filled(deal, 'dlb-f1-b1', [trade('t1', '2000', '0.05', '0.00005', 'ETH')]), ctx);
    deal.sellOrder!.accept('x', 3_000);
    deal.sellOrder!.applyFill({ tradeId: 't2', price: dec('2020'), amount: dec('0.049'), fee: dec('0.1'), timestamp: 3_000 }, 3_000);
    expect(() => deal.close(4_000)).toThrow(/still unsold/);
    expect(() => deal.close(4_000, 'profit_markup', dec('0.0009'))).toThrow(/still unsold/);
    expect(() => deal.close(4_000, 'profit_markup', dec('0'))).toThrow(/still unsold/);
    deal.close(4_000, 'profit_markup', dec('0.00095'));
    expect(deal.status).toBe('closed');
  });

  it('dust is refused while a sell still works', () => {
    const deal = open();
    service.updateDealStatus(deal, filled(deal, 'dlb-f1-b1', [trade('t1', '2000', '0.05', '0.00005', 'ETH')]), ctx);
    expect(() => deal.close(4_000, 'profit_markup', deal.unsoldAmount)).toThrow(/sells still working/);
  });

  it('a buy filled below the market minimum closes at once with all of it as dust (reason below_minimum), not open for ever', () => {
    const deal = open();
    // 0.002 ETH x 2000 = 4 USDT < minCost 5: no order can sell it
    service.updateDealStatus(deal, filled(deal, 'dlb-f1-b1', [trade('t1', '2000', '0.002', '0.000002', 'ETH')], 'canceled'), ctx);
    expect(deal.status).toBe('closed');
    expect(deal.reason).toBe('below_minimum');
    expect(deal.dust?.toString()).toBe('0.001998');
    expect(deal.pnl?.toString()).toBe('-4');
  });

  it('an exit whose market sell would be below the minimum cost closes the deal with dust instead of retrying for ever', () => {
    const deal = open();
    service.updateDealStatus(deal, filled(deal, 'dlb-f1-b1', [trade('t1', '2000', '0.05', '0')]), ctx);
    deal.sellOrder!.accept('x-s1', 2_500);
    const cancels = service.beginExit(deal, 'time_exit', { ...ctx, price: 90 });
    expect(cancels.map((o) => o.clientOrderId)).toEqual(['dlb-f1-s1']);
    const events: DomainEvent[] = [];
    service.updateDealStatus(deal, filled(deal, 'dlb-f1-s1', [trade('t2', '2020', '0.045', '0.1')], 'canceled'), { ...ctx, price: 90 });
    events.push(...deal.pullEvents());
    // 0.005 ETH at 90 = 0.45 USDT < 5: not sellable at market
    expect(deal.status).toBe('closed');
    expect(deal.dust?.toString()).toBe('0.005');
    expect(events.find((e) => e.type === 'DealClosed')).toMatchObject({ reason: 'time_exit', dust: '0.005' });
  });
});

describe('fees in a third currency (BNB)', () => {
  it('counts at its quote value where one was known, and is reported in its own currency, never as zero, where not', () => {
    const deal = open();
    service.updateDealStatus(deal, filled(deal, 'dlb-f1-b1', [trade('t1', '2000', '0.05', '0.00025', 'BNB', '0.075')]), ctx);
    expect(deal.receivedAmount.toString()).toBe('0.05');
    service.updateDealStatus(deal, filled(deal, 'dlb-f1-s1', [trade('t2', '2020', '0.05', '0.0002', 'BNB')]), ctx);
    expect(deal.status).toBe('closed');
    expect(deal.dust).toBeNull();
    expect(deal.pnl?.toString()).toBe('0.925');
    expect(deal.unconvertedFees['BNB']?.toString()).toBe('0.0002');
    const closed = deal.pullEvents().find((e) => e.type === 'DealClosed');
    expect(closed).toMatchObject({ fees: '0.075', unpricedFees: { BNB: '0.0002' } });
  });

  it('a fill with a negative quote value of its fee is refused', () => {
    const deal = open();
    expect(() => service.updateDealStatus(deal, filled(deal, 'dlb-f1-b1', [trade('t1', '2000', '0.05', '0.00025', 'BNB', '-0.075')]), ctx)).toThrow(/negative fee/);
  });
});

describe('a deal whose sells keep failing', () => {
  it(`waits for an operator after ${MAX_SELL_ATTEMPTS} failed sells and says why, once`, () => {
    const deal = open();
    service.updateDealStatus(deal, filled(deal, 'dlb-f1-b1', [trade('t1', '2000', '0.05', '0')]), ctx);
    for (let attempt = 1; attempt <= MAX_SELL_ATTEMPTS; attempt += 1) {
      const id = `dlb-f1-s${attempt}`;
      deal.order(id)!.reject('insufficient balance', 3_000 + attempt);
      const next = service.advance(deal, ctx);
      expect(next.length).toBe(attempt < MAX_SELL_ATTEMPTS ? 1 : 0);
    }
    expect(deal.status).toBe('open');
    expect(deal.reason).toMatch(/^5 sells failed \(last: insufficient balance\); close or cancel the deal by hand$/);
    const waiting = deal.pullEvents().filter((e) => e.type === 'DealWaiting');
    expect(waiting).toHaveLength(1);
    service.advance(deal, ctx);
    expect(deal.pullEvents().filter((e) => e.type === 'DealWaiting')).toHaveLength(0);
  });
});
