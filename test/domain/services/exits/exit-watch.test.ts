import { describe, expect, it } from 'vitest';
import { dealFromSnapshot, dealToSnapshot } from '../../../../src/domain/deal/deal.snapshot.js';
import { anyMayAct, ExitWatch } from '../../../../src/domain/services/exits/exit.watch.js';
import type { ExitRulesProps } from '../../../../src/domain/currency-pair/exit-rules.js';
import { TradingService } from '../../../../src/domain/services/trading.service.js';
import { boughtDeal, MARKET, pairWith } from './exit-fixtures.js';

const trading = new TradingService();

/** An open deal: bought 2 @ 100 on the candle opening at 60 000, sells placed at 120 000. */
function openDeal(exits: ExitRulesProps, stops: boolean, markup = '0.05') {
  const pair = pairWith(exits, markup);
  const deal = boughtDeal();
  trading.advance(deal, { pair, market: MARKET, at: 120_000, prefix: 'dlb-', stops, price: 100 });
  return { pair, deal, watch: () => new ExitWatch(deal, pair, MARKET, stops) };
}

describe('ExitWatch', () => {
  it('does nothing on a quiet candle, without allocating a verdict', () => {
    const { watch } = openDeal({ stopLoss: '0.05', timeExit: { hours: 1 } }, true);
    const w = watch();
    expect(w.mayAct(120_000, 101, 99, 180_000)).toBe(false);
    expect(w.evaluate(120_000, 101, 99, 180_000)).toBeNull();
  });

  it('closes at market when the close is at or below the stop loss', () => {
    const { watch } = openDeal({ stopLoss: '0.05' }, true);
    const w = watch();
    expect(w.stop?.price.toString()).toBe('95');
    expect(w.mayAct(120_000, 99, 95, 180_000)).toBe(true);
    expect(w.evaluate(120_000, 99, 95, 180_000)).toEqual({ kind: 'close', reason: 'stop_loss' });
  });

  it('closes at market once the deal is timeExit hours old', () => {
    const { watch } = openDeal({ timeExit: { hours: 1 } }, true);
    const w = watch();
    expect(w.mayAct(3_540_000, 100, 100, 3_599_999 + 60_000)).toBe(false);
    expect(w.evaluate(3_600_000, 100, 100, 3_660_000)).toEqual({ kind: 'close', reason: 'time_exit' });
  });

  it('activates the trailing stop at the activation price, from candles after the buy, then trails the high', () => {
    const { deal, watch } = openDeal({ trailingStop: { activation: '0.02', distance: '0.01' } }, false);
    const w = watch();
    expect(w.mayAct(60_000, 110, 100, 120_000)).toBe(false); // the buy's own candle
    expect(w.mayAct(120_000, 101.99, 101, 180_000)).toBe(false);
    expect(w.evaluate(120_000, 102, 101.5, 180_000)).toEqual({ kind: 'mark' });
    expect(deal.highWaterMark?.toString()).toBe('102');
    expect(w.stop).toEqual({ price: expect.anything(), reason: 'trailing_stop' });
    expect(w.stop?.price.toString()).toBe('100.98'); // 102 x 0.99
    expect(w.mayAct(180_000, 102, 101, 240_000)).toBe(false);
    // a new high of 103.33 moves the stop to 102.3; the close of 102.2 is already below it
    expect(w.evaluate(180_000, 103.33, 102.2, 240_000)).toEqual({ kind: 'close', reason: 'trailing_stop' });
    expect(deal.highWaterMark?.toString()).toBe('103.33');
  });

  it('asks to re-place the resting sells when the exchange holds stops and the stop moved', () => {
    const { deal, watch } = openDeal({ stopLoss: '0.05', trailingStop: { activation: '0.02', distance: '0.01' } }, true);
    expect(deal.workingSells.map((o) => [o.price?.toString(), o.stopPrice?.toString()])).toEqual([['105', '95']]);
    expect(watch().evaluate(120_000, 102, 101.5, 180_000)).toEqual({ kind: 'restop' });
    expect(watch().mayAct(180_000, 101, 101, 240_000)).toBe(true); // still lacking until re-placed
  });

  it('leaves the stop to the exchange once the sells carrying it rest there: a price at or below it sells nothing at market', () => {
    const { deal, watch } = openDeal({ stopLoss: '0.05' }, true);
    for (const sell of deal.workingSells) sell.accept('oco:1', 130_000);
    const resting = watch();
    expect(resting.mayAct(200_000, 94.5, 94.5, 200_000)).toBe(false);
    expect(resting.evaluate(200_000, 94.5, 94.5, 200_000)).toBeNull();
    // where the exchange holds no stops, the same sells at the same price are the bot's to sell at market
    const { deal: plain, pair } = openDeal({ stopLoss: '0.05' }, false);
    for (const sell of plain.workingSells) sell.accept('1', 130_000);
    expect(new ExitWatch(plain, pair, MARKET, false).evaluate(200_000, 94.5, 94.5, 200_000)).toEqual({ kind: 'close', reason: 'stop_loss' });
  });

  it('serves a realtime tick the same way (high = close = price)', () => {
    const { watch } = openDeal({ stopLoss: '0.05' }, true);
    expect(watch().evaluate(200_000, 94.5, 94.5, 200_000)).toEqual({ kind: 'close', reason: 'stop_loss' });
  });

  it('keeps the high-water mark through a snapshot, so a restarted watch has the same stop', () => {
    const { deal, pair } = openDeal({ trailingStop: { activation: '0.02', distance: '0.01' } }, false);
    new ExitWatch(deal, pair, MARKET, false).evaluate(120_000, 104, 103.5, 180_000);
    const snapshot = dealToSnapshot(deal);
    expect(snapshot.highWaterMark).toBe('104');
    const restored = new ExitWatch(dealFromSnapshot(JSON.parse(JSON.stringify(snapshot))), pair, MARKET, false);
    expect(restored.stop?.price.toString()).toBe('102.96');
    expect(restored.mayAct(180_000, 103.9, 103, 240_000)).toBe(false);
    expect(restored.evaluate(180_000, 103.9, 102.96, 240_000)).toEqual({ kind: 'close', reason: 'trailing_stop' });
  });

  it('anyMayAct: true when any one of the watches may act on the candle, whichever its place; false for none', () => {
    const wide = openDeal({ stopLoss: '0.05' }, false).watch(); // stop at 95
    const tight = openDeal({ stopLoss: '0.01' }, false).watch(); // stop at 99
    expect(anyMayAct([], 120_000, 99, 98.5, 180_000)).toBe(false);
    expect(anyMayAct([wide, tight], 120_000, 101, 100, 180_000)).toBe(false);
    expect(anyMayAct([wide, tight], 120_000, 99, 98.5, 180_000)).toBe(true);
    expect(anyMayAct([tight, wide], 120_000, 99, 98.5, 180_000)).toBe(true);
    expect(wide.mayAct(120_000, 99, 98.5, 180_000)).toBe(false);
  });
});
