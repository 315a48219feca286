import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DcaSettings } from '../../../../src/domain/currency-pair/dca-settings.js';
import { positionOf, type BuyFill } from '../../../../src/domain/services/dca/average-price.js';
import { safetyOrderLevels } from '../../../../src/domain/services/dca/safety-ladder.js';
import { dec, ONE, sumDecimals, type Decimal } from '../../../../src/domain/shared/decimal.js';
import { MARKET } from '../exits/exit-fixtures.js';

/** n x 10^-places, as an exact decimal. */
const scaled = (min: number, max: number, places: number): fc.Arbitrary<Decimal> => fc.integer({ min, max }).map((n) => dec(`${n}e-${places}`));

const fill: fc.Arbitrary<BuyFill> = fc.record({ price: scaled(1, 10_000_000, 4), amount: scaled(1, 1_000_000, 5) });
const steps = fc.constantFrom('0.01', '0.00001', '0.5', '1', '0.25').map((s) => dec(s));

describe('DCA prices (property)', () => {
  it('the average is total cost / total amount, between the lowest and highest fill price, exact to its 40th place', () => {
    fc.assert(
      fc.property(fc.array(fill, { minLength: 1, maxLength: 12 }), (fills) => {
        const position = positionOf(fills);
        if (position === null) throw new Error('fills of positive amounts bought nothing');
        const cost = sumDecimals(fills.map((f) => f.price.times(f.amount)));
        const amount = sumDecimals(fills.map((f) => f.amount));
        expect(position.cost).toEqual(cost);
        expect(position.amount).toEqual(amount);
        expect(position.average).toEqual(cost.div(amount));
        const prices = fills.map((f) => f.price);
        expect(position.average.gte(prices.reduce((a, b) => (a.lt(b) ? a : b)))).toBe(true);
        expect(position.average.lte(prices.reduce((a, b) => (a.gt(b) ? a : b)))).toBe(true);
        // average x amount misses the cost by at most half a unit of the 40th place, per unit bought
        expect(position.average.times(amount).minus(cost).abs().lte(amount.times('0.5e-40'))).toBe(true);
        if (prices.every((p) => p.eq(prices[0] as Decimal))) expect(position.average).toEqual(prices[0]);
      }),
      { numRuns: 500 },
    );
  });

  it('safety levels: prices never rise, fall strictly where two levels lie a price step apart, never above their level; no amount spends more than its size', () => {
    const settings = fc
      .record({ deviation: scaled(1, 500, 4), stepScale: scaled(10, 300, 2), volumeScale: scaled(10, 300, 2), safetyOrder: scaled(100, 100_000, 2), maxSafetyOrders: fc.integer({ min: 1, max: 25 }) })
      .map((p) => {
        try {
          return DcaSettings.create({ ...p, baseOrder: '10', takeProfit: '0.01' });
        } catch {
          return null;
        }
      })
      .filter((s): s is DcaSettings => s !== null);
    fc.assert(
      fc.property(settings, scaled(1, 100_000_000, 3), steps, (dca, basePrice, priceStep) => {
        const market = { ...MARKET, priceStep, minAmount: dec(0), minCost: dec(0) };
        const levels = safetyOrderLevels(dca.steps, basePrice, market);
        levels.forEach((level, i) => {
          const exact = basePrice.times(ONE.minus(level.deviation));
          expect(level.price.lte(exact)).toBe(true);
          if (level.price.gt(0)) expect(level.price.gt(exact.minus(priceStep))).toBe(true);
          expect(level.amount.times(level.price).lte(level.size)).toBe(true);
          const previous = levels[i - 1];
          if (previous === undefined) return;
          expect(level.price.lte(previous.price)).toBe(true);
          if (basePrice.times(level.deviation.minus(previous.deviation)).gte(priceStep)) expect(level.price.lt(previous.price)).toBe(true);
        });
      }),
      { numRuns: 300 },
    );
  });
});
