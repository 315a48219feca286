import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DcaSettings } from '../../../../src/domain/currency-pair/dca-settings.js';
import { ValidationError } from '../../../../src/domain/shared/domain-error.js';
import { safetyNumber } from '../../../../src/domain/services/dca/dca-deal.js';
import { dec, roundDownToStep, sign, ZERO, type Decimal } from '../../../../src/domain/shared/decimal.js';
import { DcaDriver, dcaPair, DCA_MARKET } from './dca-fixtures.js';

/** n x 10^-places, as exact text. */
const scaled = (min: number, max: number, places: number): fc.Arbitrary<string> => fc.integer({ min, max }).map((n) => dec(`${n}e-${places}`).toString());

const settings = fc
  .record({ maxSafetyOrders: fc.integer({ min: 0, max: 6 }), active: fc.integer({ min: 1, max: 6 }), deviation: scaled(50, 500, 4), stepScale: scaled(50, 200, 2), volumeScale: scaled(50, 250, 2), safetyOrder: scaled(1000, 5000, 2), takeProfit: scaled(10, 300, 4) })
  .map(({ active, ...s }) => ({ ...s, baseOrder: '10', maxActiveSafetyOrders: s.maxSafetyOrders === 0 ? 0 : Math.min(active, s.maxSafetyOrders) }));

/** A candle as moves from the last close, in basis points: down to its low, up to its high; `partial` fills take half, `end` ends a half-filled buy. */
const candle = fc.record({ down: fc.integer({ min: 0, max: 700 }), up: fc.integer({ min: 0, max: 700 }), partial: fc.boolean(), end: fc.boolean() });

const sum = (values: readonly Decimal[]): Decimal => values.reduce((s, v) => s.plus(v), ZERO);

function checkInvariants(d: DcaDriver, dca: DcaSettings): void {
  const deal = d.deal;
  const safety = deal.safetyOrders;
  // never more safety orders than allowed: placed, and resting
  expect(safety.length).toBeLessThanOrEqual(dca.maxSafetyOrders);
  expect(safety.filter((o) => !o.isFinal).length).toBeLessThanOrEqual(dca.maxActiveSafetyOrders);
  const numbers = safety.map(safetyNumber);
  expect(new Set(numbers).size).toBe(numbers.length);
  expect(numbers.every((n) => n >= 1 && n <= dca.maxSafetyOrders)).toBe(true);
  // the average is total cost / total amount over every buy fill, exactly
  const fills = deal.buyOrders.flatMap((o) => o.fills);
  const amount = sum(fills.map((f) => f.amount));
  if (sign(amount) > 0) expect(deal.averagePrice?.eq(sum(fills.map((f) => f.price.times(f.amount))).div(amount))).toBe(true);
  // no sell above what is held
  expect(sign(deal.unsoldAmount)).toBeGreaterThanOrEqual(0);
  expect(sum(deal.workingSells.map((o) => o.remaining)).lte(deal.unsoldAmount)).toBe(true);
  // what the buys may spend stays within the budget the deal reserved
  expect(sum(deal.buyOrders.map((o) => (o.price as Decimal).times(o.amount))).lte(dca.maxBudget)).toBe(true);
  if (deal.status === 'closed') {
    const sold = sum(deal.sellOrders.map((o) => o.cost));
    const sellFees = sum(deal.sellOrders.map((o) => o.paidFee));
    expect(deal.pnl?.eq(sold.minus(deal.boughtCost).minus(sellFees))).toBe(true);
  }
}

describe('DCA deals (property, fixed seed)', () => {
  it('over random settings and markets: safety orders within their limits, the average exact, no oversell, spending within the reserved budget', () => {
    fc.assert(
      fc.property(settings, fc.array(candle, { minLength: 1, maxLength: 30 }), (props, candles) => {
        let dca: DcaSettings;
        try {
          dca = DcaSettings.create(props);
        } catch (error) {
          if (error instanceof ValidationError) return fc.pre(false);
          throw error;
        }
        const d = new DcaDriver(dcaPair(props, dca.maxBudget.toString()));
        expect(d.open('100', '100000').eq(dca.maxBudget.times('1.001'))).toBe(true); // the whole budget and the maker fee
        d.fill('b1');
        d.step();
        checkInvariants(d, dca);
        let close = dec('100');
        for (const c of candles) {
          if (d.deal.isFinal) break;
          d.at += 60_000;
          const open = close;
          const low = roundDownToStep(open.times(dec(1).minus(dec(c.down).div(10_000))), DCA_MARKET.priceStep);
          const high = roundDownToStep(open.times(dec(1).plus(dec(c.up).div(10_000))), DCA_MARKET.priceStep);
          close = roundDownToStep(low.plus(high).div(2), DCA_MARKET.priceStep);
          for (const order of d.deal.orders.filter((o) => !o.isFinal)) {
            const id = order.clientOrderId.slice('dlb-42-'.length);
            if (order.type === 'market') d.fill(id, open.toString());
            else if (order.side === 'buy' ? (order.price as Decimal).gte(low) : (order.price as Decimal).lte(high)) {
              const half = roundDownToStep(order.remaining.div(2), DCA_MARKET.amountStep);
              if (c.partial && sign(half) > 0) {
                d.fill(id, undefined, half.toString());
                if (c.end && order.side === 'buy') order.cancel(d.at, 'expired on the exchange');
              } else d.fill(id);
            }
          }
          d.step(close.toNumber());
          checkInvariants(d, dca);
        }
      }),
      { numRuns: 300 },
    );
  });
});
