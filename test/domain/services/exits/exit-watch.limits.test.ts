import { describe, expect, it } from 'vitest';
import { ExitWatch } from '../../../../src/domain/services/exits/exit.watch.js';
import type { ExitRulesProps } from '../../../../src/domain/currency-pair/exit-rules.js';
import { TradingService } from '../../../../src/domain/services/trading.service.js';
import { dec } from '../../../../src/domain/shared/decimal.js';
import { boughtDeal, MARKET, pairWith } from './exit-fixtures.js';

const trading = new TradingService();
const TRAIL: ExitRulesProps = { trailingStop: { activation: '0.02', distance: '0.01' } };

/** Bought 2 @ 100, created at 60 000 with its buy filled at 60 000; sells placed at 120 000. */
function watched(exits: ExitRulesProps, stops = false) {
  const pair = pairWith(exits, '0.05');
  const deal = boughtDeal();
  trading.advance(deal, { pair, market: MARKET, at: 120_000, prefix: 'dlb-', stops, price: 100 });
  return { deal, pair, watch: new ExitWatch(deal, pair, MARKET, stops) };
}

describe('ExitWatch limits', () => {
  it('closes at a close exactly at the stop, not a hair above it', () => {
    const { watch } = watched({ stopLoss: '0.05' });
    expect(watch.mayAct(120_000, 99, 95.0001, 180_000)).toBe(false);
    expect(watch.evaluate(120_000, 99, 95.0001, 180_000)).toBeNull();
    expect(watch.mayAct(120_000, 99, 95, 180_000)).toBe(true);
  });

  it('the time exit acts from exactly its deadline: created + hours', () => {
    const { watch } = watched({ timeExit: { hours: 1 } });
    expect(watch.mayAct(0, 100, 100, 60_000 + 3_600_000 - 1)).toBe(false);
    expect(watch.evaluate(0, 100, 100, 60_000 + 3_600_000 - 1)).toBeNull();
    expect(watch.mayAct(0, 100, 100, 60_000 + 3_600_000)).toBe(true);
    expect(watch.evaluate(0, 100, 100, 60_000 + 3_600_000)).toEqual({ kind: 'close', reason: 'time_exit' });
  });

  it('the stop wins over the time exit on the same candle', () => {
    const { watch } = watched({ stopLoss: '0.05', timeExit: { hours: 1 } });
    expect(watch.evaluate(0, 96, 94, 10_000_000)).toEqual({ kind: 'close', reason: 'stop_loss' });
  });

  it('without any watched rule nothing ever acts', () => {
    const { watch } = watched({ takeProfit: { targets: [{ profit: '0.01', share: '1' }] } });
    expect(watch.stop).toBeNull();
    expect(watch.mayAct(180_000, 1_000, 1, 1e15)).toBe(false);
    expect(watch.evaluate(180_000, 1_000, 1, 1e15)).toBeNull();
  });

  it('the candle of the buy\'s last fill says nothing about the high since; the next one does', () => {
    const { deal, watch } = watched(TRAIL);
    expect(watch.evaluate(60_000, 110, 109, 120_000)).toBeNull();
    expect(deal.highWaterMark).toBeNull();
    expect(watch.evaluate(60_001, 110, 109, 120_001)).toEqual({ kind: 'mark' }); // stop 108.9
    expect(deal.highWaterMark?.toString()).toBe('110');
  });

  it('starts trailing at a high of exactly the activation price, not below it', () => {
    const { deal, watch } = watched(TRAIL);
    expect(watch.mayAct(120_000, 101.99, 101, 180_000)).toBe(false);
    expect(watch.evaluate(120_000, 101.99, 101, 180_000)).toBeNull();
    expect(deal.highWaterMark).toBeNull();
    expect(watch.mayAct(120_000, 102, 101, 180_000)).toBe(true);
  });

  it('then moves only on a strictly higher high', () => {
    const { deal, watch } = watched(TRAIL);
    watch.evaluate(120_000, 104, 103.5, 180_000);
    expect(watch.mayAct(180_000, 104, 103.5, 240_000)).toBe(false);
    expect(watch.evaluate(180_000, 104, 103.5, 240_000)).toBeNull();
    expect(watch.mayAct(180_000, 104.01, 103.5, 240_000)).toBe(true);
    expect(watch.evaluate(180_000, 104.01, 103.5, 240_000)).toEqual({ kind: 'mark' });
    expect(deal.highWaterMark?.toString()).toBe('104.01');
    expect(watch.stop?.price.toString()).toBe('102.97'); // 104.01 x 0.99 = 102.9699 -> 102.97
  });

  it('a deal that is no longer open gets no verdict', () => {
    const { deal, watch } = watched({ stopLoss: '0.05' });
    trading.beginExit(deal, 'operator_close', { pair: pairWith({ stopLoss: '0.05' }), market: MARKET, at: 130_000, prefix: 'dlb-' });
    expect(watch.evaluate(180_000, 90, 80, 240_000)).toBeNull();
  });

  it('asks to re-place only take-profit sells that lack the stop; none where the exchange holds no stops', () => {
    const held = watched({ stopLoss: '0.05' }, true);
    expect(held.watch.evaluate(120_000, 101, 100, 180_000)).toBeNull(); // s1 carries 95: nothing lacks
    const plain = watched({ stopLoss: '0.05' }, false);
    expect(plain.deal.workingSells.map((o) => o.stopPrice)).toEqual([null]);
    expect(plain.watch.mayAct(120_000, 101, 100, 180_000)).toBe(false);
    expect(plain.watch.evaluate(120_000, 101, 100, 180_000)).toBeNull();
    const lacking = new ExitWatch(plain.deal, plain.pair, MARKET, true);
    expect(lacking.mayAct(120_000, 101, 100, 180_000)).toBe(true);
    expect(lacking.evaluate(120_000, 101, 100, 180_000)).toEqual({ kind: 'restop' });
  });

  it('an exit sell (leg x) without a stop is not asked to carry one', () => {
    const { deal, pair } = watched({ stopLoss: '0.05' }, false);
    trading.beginExit(deal, 'operator_close', { pair, market: MARKET, at: 130_000, prefix: 'dlb-' });
    expect(new ExitWatch(deal, pair, MARKET, true).mayAct(120_000, 101, 100, 180_000)).toBe(false);
  });

  it('verdicts are shared frozen values', () => {
    const a = watched({ stopLoss: '0.05' }).watch.evaluate(120_000, 99, 94, 180_000);
    const b = watched({ stopLoss: '0.05' }).watch.evaluate(120_000, 99, 94, 180_000);
    expect(a).toBe(b);
    expect(Object.isFrozen(a)).toBe(true);
  });
});

describe('ExitWatch before the buy filled', () => {
  it('watches a deal whose buy has no fill yet without failing, and never acts on it', () => {
    const pair = pairWith({ stopLoss: '0.05', ...TRAIL });
    const fresh = trading.openDealIfNeeded('BULLISH', pair, { openDeals: 0, freeQuote: dec('1000'), price: dec('100'), market: MARKET, at: 1_000, dealId: 'd2', prefix: 'dlb-' });
    if (fresh.kind !== 'open') throw new Error(fresh.reason);
    const watch = new ExitWatch(fresh.deal, pair, MARKET, false);
    expect(watch.stop).toBeNull();
    expect(watch.mayAct(60_000, 1_000, 1, 120_000)).toBe(false);
    expect(watch.evaluate(60_000, 1_000, 1, 120_000)).toBeNull();
  });
});
