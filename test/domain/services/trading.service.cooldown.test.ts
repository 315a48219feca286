import { describe, expect, it } from 'vitest';
import { CurrencyPair } from '../../../src/domain/currency-pair/currency-pair.entity.js';
import { AsapStrategy, type Strategy } from '../../../src/domain/services/strategy.js';
import { TradingService, type OpenContext } from '../../../src/domain/services/trading.service.js';
import { dec } from '../../../src/domain/shared/decimal.js';
import { ValidationError } from '../../../src/domain/shared/domain-error.js';
import type { MarketRules } from '../../../src/domain/shared/market-rules.js';

const props = { symbol: 'ETH/USDT', orderLifeTime: 600, dealQuota: '100', profitMarkup: '0.01', dealCount: 3 } as const;
const pair = CurrencyPair.create({ ...props, cooldownMinutes: 30 });
const market: MarketRules = { symbol: 'ETH/USDT', base: 'ETH', quote: 'USDT', amountStep: dec('0.001'), priceStep: dec('0.01'), minAmount: dec('0.001'), minCost: dec('5'), makerFee: dec('0.001'), takerFee: dec('0.001') };
const trading = new TradingService();
const ended = Date.UTC(2024, 0, 1, 12, 0);
const ctx: OpenContext = { openDeals: 0, freeQuote: dec('1000'), price: dec('1000'), market, at: ended, dealId: 'd1', prefix: 'dlb-', lastEndedAt: ended };

describe('a pair cooldown between deals', () => {
  it('skips until cooldownMinutes after the last deal ended, saying how long is left, and opens from exactly then', () => {
    expect(trading.openDealIfNeeded('BULLISH', pair, { ...ctx, at: ended + 12 * 60_000 })).toEqual({ kind: 'skip', reason: 'cooldown: 18 of 30 minutes left after the last deal ended' });
    expect(trading.openDealIfNeeded('BULLISH', pair, { ...ctx, at: ended + 30 * 60_000 - 1 }).kind).toBe('skip');
    expect(trading.openDealIfNeeded('BULLISH', pair, { ...ctx, at: ended + 30 * 60_000 }).kind).toBe('open');
  });

  it('mayOpen, the loop check before any balance read, says the same at the same instants', () => {
    expect(trading.mayOpen(pair, 0, false, ended + 30 * 60_000 - 1, ended)).toBe(false);
    expect(trading.mayOpen(pair, 0, false, ended + 30 * 60_000, ended)).toBe(true);
    // without a time (an operator's deal) or without an ended deal, no cooldown applies
    expect(trading.mayOpen(pair, 0, false)).toBe(true);
    expect(trading.mayOpen(pair, 0, false, ended)).toBe(true);
  });

  it('is off by default and with 0: a deal opens the instant the last one ended', () => {
    expect(trading.openDealIfNeeded('BULLISH', CurrencyPair.create(props), ctx).kind).toBe('open');
    expect(trading.openDealIfNeeded('BULLISH', CurrencyPair.create({ ...props, cooldownMinutes: 0 }), ctx).kind).toBe('open');
    expect(CurrencyPair.create({ ...props, cooldownMinutes: 0 }).toProps()).toEqual(CurrencyPair.create(props).toProps());
  });

  it('is carried by toProps, so an updated pair keeps it', () => {
    expect(pair.toProps().cooldownMinutes).toBe(30);
    expect(CurrencyPair.create(pair.toProps()).cooldownMinutes).toBe(30);
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])('refuses cooldownMinutes %s, naming the field', (cooldownMinutes) => {
    expect(() => CurrencyPair.create({ ...props, cooldownMinutes })).toThrow(ValidationError);
    expect(() => CurrencyPair.create({ ...props, cooldownMinutes })).toThrow(/cooldownMinutes/);
  });
});

describe('AsapStrategy', () => {
  it('signals BULLISH on every candle, from the first, for every pair', () => {
    const strategy: Strategy = new AsapStrategy();
    const candle = { openTime: 0, open: 1, high: 1, low: 1, close: 1, volume: 0 };
    for (const symbol of ['ETH/USDT', 'BTC/USDT']) {
      const one = strategy.forPair(symbol);
      expect([one.onCandle(candle), one.onCandle({ ...candle, close: 0.5 })]).toEqual(['BULLISH', 'BULLISH']);
    }
  });
});
