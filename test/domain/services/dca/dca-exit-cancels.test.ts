import { describe, expect, it } from 'vitest';
import { CANCELLED_ON_EXIT } from '../../../../src/domain/services/dca/dca-deal.js';
import { DcaDriver, dcaPair } from './dca-fixtures.js';

const text = (v: { toString(): string } | null | undefined): string | null => (v === null || v === undefined ? null : v.toString());

/** Cancels the order as the exchange answers a cancel (nothing filled), with `reason`, and moves the deal on, as the shutdown does. */
function cancel(d: DcaDriver, id: string, reason: string | null): void {
  d.order(id).cancel(d.at, reason);
  d.send(d.trading.advance(d.deal, d.ctx()));
}

/** A deal whose base buy (100) filled: the take profit s1 and safety buy d1 (99, 0.20202) rest. */
function baseFilled(max: number): DcaDriver {
  const d = new DcaDriver(dcaPair({ maxActiveSafetyOrders: max }));
  d.open('100');
  d.fill('b1');
  d.step();
  return d;
}

describe("a DCA deal's safety levels cancelled by the bot's shutdown (cancel open orders on exit)", () => {
  it('are placed again at the same price and amount, under a new id (d1r1, then d1r2)', () => {
    const d = baseFilled(1);
    expect(d.working()).toEqual(['s1', 'd1']);
    cancel(d, 'd1', CANCELLED_ON_EXIT);
    expect(d.working()).toEqual(['s1', 'd1r1']);
    expect([text(d.order('d1r1').price), text(d.order('d1r1').amount)]).toEqual(['99', '0.20202']);
    cancel(d, 'd1r1', CANCELLED_ON_EXIT);
    expect(d.working()).toEqual(['s1', 'd1r2']);
    // once it fills, the ladder goes on from level 2 as before
    d.at += 60_000;
    d.fill('d1r2');
    d.step();
    expect(d.working()).toEqual(['s2', 'd2']);
    expect(text(d.order('s2').price)).toBe('100.83');
  });

  it('come before the next levels, lowest first, within maxActiveSafetyOrders', () => {
    const d = baseFilled(2);
    expect(d.working()).toEqual(['s1', 'd1', 'd2']);
    cancel(d, 'd2', CANCELLED_ON_EXIT);
    expect(d.working()).toEqual(['s1', 'd1', 'd2r1']);
    cancel(d, 'd1', CANCELLED_ON_EXIT);
    cancel(d, 'd2r1', CANCELLED_ON_EXIT);
    expect(d.working()).toEqual(['s1', 'd1r1', 'd2r2']);
  });

  it('a cancel for any other reason, or one that revealed a fill, uses the level up: the next one is placed', () => {
    const other = baseFilled(1);
    cancel(other, 'd1', 'canceled by the exchange');
    expect(other.working()).toEqual(['s1', 'd2']);

    const filled = baseFilled(1);
    filled.fill('d1', undefined, '0.1');
    filled.order('d1').cancel(filled.at, CANCELLED_ON_EXIT);
    filled.step();
    expect(filled.working()).toEqual(['s2', 'd2']);
  });
});
