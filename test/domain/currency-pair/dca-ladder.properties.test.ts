import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DcaSettings, type DcaSettingsProps } from '../../../src/domain/currency-pair/dca-settings.js';
import { dec, ONE, sumDecimals, ZERO } from '../../../src/domain/shared/decimal.js';
import { ValidationError } from '../../../src/domain/shared/domain-error.js';

/** A positive decimal with up to `places` decimals, as text. */
const positiveText = (max: number, places: number) => fc.integer({ min: 1, max: max * 10 ** places }).map((n) => dec(n).div(10 ** places).toString());

const props: fc.Arbitrary<DcaSettingsProps> = fc.record({
  baseOrder: positiveText(1000, 2),
  safetyOrder: positiveText(1000, 2),
  maxSafetyOrders: fc.integer({ min: 0, max: 40 }),
  deviation: fc.integer({ min: 1, max: 999 }).map((n) => dec(n).div(10_000).toString()),
  stepScale: positiveText(3, 2),
  volumeScale: positiveText(3, 2),
  takeProfit: positiveText(1, 3),
});

/** The deviation of order n by the closed form: d x n when s = 1, else d x (s^n - 1) / (s - 1), compared without dividing. */
function matchesClosedForm(deviation: string, stepScale: string, n: number, actual: string): boolean {
  const d = dec(deviation);
  const s = dec(stepScale);
  if (s.eq(ONE)) return dec(actual).eq(d.times(n));
  return dec(actual).times(s.minus(ONE)).eq(d.times(s.pow(n).minus(ONE)));
}

/** d x (1 + s + ... + s^(n-1)) >= 1, by the closed form without dividing: d x (s^n - 1) against s - 1, signs flipped below 1. */
function reachesHundred(deviation: string, stepScale: string, n: number): boolean {
  const d = dec(deviation);
  const s = dec(stepScale);
  if (s.eq(ONE)) return d.times(n).gte(ONE);
  return s.gt(ONE) ? d.times(s.pow(n).minus(ONE)).gte(s.minus(ONE)) : d.times(ONE.minus(s.pow(n))).gte(ONE.minus(s));
}

describe('DCA ladder (property)', () => {
  it('deviations strictly increase below 100 %, follow the closed form, sizes are safety x v^(n-1), the budget is their exact sum', () => {
    fc.assert(
      fc.property(props, (p) => {
        let settings: DcaSettings;
        try {
          settings = DcaSettings.create(p);
        } catch (error) {
          // refused only for an order at or beyond 100 %, the one it names
          expect(error).toBeInstanceOf(ValidationError);
          const number = Number(/safety order (\d+) would rest/.exec((error as ValidationError).rule)?.[1]);
          expect(number).toBeGreaterThanOrEqual(1);
          expect(number).toBeLessThanOrEqual(p.maxSafetyOrders);
          expect(reachesHundred(String(p.deviation), String(p.stepScale), number)).toBe(true);
          if (number > 1) expect(reachesHundred(String(p.deviation), String(p.stepScale), number - 1)).toBe(false);
          return;
        }
        expect(settings.steps).toHaveLength(p.maxSafetyOrders);
        let previous = ZERO;
        settings.steps.forEach((step, i) => {
          expect(step.number).toBe(i + 1);
          expect(step.deviation.gt(previous)).toBe(true);
          expect(step.deviation.lt(ONE)).toBe(true);
          expect(matchesClosedForm(String(p.deviation), String(p.stepScale), i + 1, step.deviation.toString())).toBe(true);
          expect(step.size).toEqual(dec(p.safetyOrder).times(dec(p.volumeScale).pow(i)));
          previous = step.deviation;
        });
        expect(settings.maxBudget).toEqual(dec(p.baseOrder).plus(sumDecimals(settings.steps.map((s) => s.size))));
        const v = dec(p.volumeScale);
        const safety = settings.maxBudget.minus(dec(p.baseOrder));
        if (!v.eq(ONE)) expect(safety.times(v.minus(ONE))).toEqual(dec(p.safetyOrder).times(v.pow(p.maxSafetyOrders).minus(ONE)));
        else expect(safety).toEqual(dec(p.safetyOrder).times(p.maxSafetyOrders));
      }),
      { numRuns: 300 },
    );
  });
});
