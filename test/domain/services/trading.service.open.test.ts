import { describe, expect, it } from 'vitest';
import { CurrencyPair } from '../../../src/domain/currency-pair/currency-pair.entity.js';
import { TradingService, type OpenContext } from '../../../src/domain/services/trading.service.js';
import { dec } from '../../../src/domain/shared/decimal.js';
import type { MarketRules } from '../../../src/domain/shared/market-rules.js';

const pair = CurrencyPair.create({ symbol: 'ETH/USDT', orderLifeTime: 600, dealQuota: '100', profitMarkup: '0.01', dealCount: 3 });
const market: MarketRules = { symbol: 'ETH/USDT', base: 'ETH', quote: 'USDT', amountStep: dec('0.001'), priceStep: dec('0.01'), minAmount: dec('0.001'), minCost: dec('5'), makerFee: dec('0.002'), takerFee: dec('0.003') };
const trading = new TradingService();
const base: OpenContext = { openDeals: 0, freeQuote: dec('1000'), price: dec('1000.009'), market, at: 5_000, dealId: 'd1', prefix: 'dlb-' };

describe('TradingService opens a deal', () => {
  it('on BULLISH only; BEARISH and NEUTRAL skip with the signal named', () => {
    expect(trading.openDealIfNeeded('BEARISH', pair, base)).toEqual({ kind: 'skip', reason: 'signal BEARISH' });
    expect(trading.openDealIfNeeded('BULLISH', pair, base).kind).toBe('open');
  });

  it('below dealCount: one fewer opens, dealCount or more skips', () => {
    expect(trading.openDealIfNeeded('BULLISH', pair, { ...base, openDeals: 2 }).kind).toBe('open');
    expect(trading.openDealIfNeeded('BULLISH', pair, { ...base, openDeals: 3 })).toEqual({ kind: 'skip', reason: 'dealCount 3 reached' });
    expect(trading.openDealIfNeeded('BULLISH', pair, { ...base, openDeals: 4 }).kind).toBe('skip');
  });

  it('not paused: paused false opens', () => {
    expect(trading.openDealIfNeeded('BULLISH', pair, { ...base, paused: false }).kind).toBe('open');
  });

  it('reserves price x amount plus the maker fee, and opens with exactly that much free', () => {
    // 1000.009 -> 1000 on the price step; 100 / 1000 = 0.1; 0.1 x 1000 x 1.002 = 100.2
    const decision = trading.openDealIfNeeded('BULLISH', pair, { ...base, freeQuote: dec('100.2') });
    if (decision.kind !== 'open') throw new Error(decision.reason);
    expect(decision.reserve.toString()).toBe('100.2');
    const buy = decision.deal.buyOrder;
    expect([buy.price?.toString(), buy.amount.toString(), buy.type, buy.side, buy.createdAt, buy.clientOrderId, decision.deal.createdAt]).toEqual(['1000', '0.1', 'limit', 'buy', 5_000, 'dlb-d1-b1', 5_000]);
    expect(trading.openDealIfNeeded('BULLISH', pair, { ...base, freeQuote: dec('100.19') })).toEqual({ kind: 'skip', reason: 'free USDT 100.19 does not cover 100.2' });
  });

  it('skips a price that rounds to zero on the price step, naming both', () => {
    expect(trading.openDealIfNeeded('BULLISH', pair, { ...base, price: dec('0.004') })).toEqual({ kind: 'skip', reason: 'price 0.004 rounds to zero on step 0.01' });
  });

  it('the buy terms round the amount down to the step and refuse a quota below the minimum', () => {
    expect(trading.orders.buyTerms({ pair, market, price: dec('3000') })).toEqual({ ok: true, price: dec('3000'), amount: dec('0.033') });
    const small = CurrencyPair.create({ ...pair.toProps(), dealQuota: '4.99' });
    // 4.99 / 1000 = 0.00499 -> 0.004; 0.004 x 1000 = 4 < 5
    expect(trading.orders.buyTerms({ pair: small, market, price: dec('1000') })).toEqual({ ok: false, reason: 'cost 4 is below the market minimum 5' });
  });
});

describe('TradingService.isBuyStale: on the market clock', () => {
  const open = () => {
    const decision = trading.openDealIfNeeded('BULLISH', pair, base);
    if (decision.kind !== 'open') throw new Error(decision.reason);
    return decision.deal;
  };

  it('is stale from exactly orderLifeTime after the buy was created, not a millisecond before', () => {
    const deal = open();
    expect(trading.isBuyStale(deal, pair, 5_000 + 600_000 - 1)).toBe(false);
    expect(trading.isBuyStale(deal, pair, 5_000 + 600_000)).toBe(true);
  });

  it('is never stale once the buy ended or the deal moved on', () => {
    const deal = open();
    deal.buyOrder.cancel(6_000, 'test');
    expect(trading.isBuyStale(deal, pair, 10_000_000)).toBe(false);
    const bought = open();
    bought.buyOrder.accept('e', 6_000);
    bought.buyOrder.applyFill({ tradeId: 't', price: dec('1000'), amount: dec('0.1'), fee: dec('0'), timestamp: 6_000 }, 6_000);
    trading.advance(bought, { pair, market, at: 7_000, prefix: 'dlb-' });
    expect(bought.status).toBe('open');
    expect(trading.isBuyStale(bought, pair, 10_000_000)).toBe(false);
  });
});
