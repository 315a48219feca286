import { ONE, sumDecimals, ZERO, type Decimal } from '../shared/decimal.js';

/** One safety order of a DCA deal, before any price is known. */
export interface SafetyStep {
  /** 1 for the first safety order. */
  readonly number: number;
  /** How far below the base order's price it rests: 0.025 = 2.5% below. */
  readonly deviation: Decimal;
  /** Its quote amount. */
  readonly size: Decimal;
}

export interface LadderShape {
  /** The first safety order's deviation. */
  readonly deviation: Decimal;
  /** Each next gap between two safety orders is the previous gap times this. */
  readonly stepScale: Decimal;
  /** The first safety order's quote amount. */
  readonly safetyOrder: Decimal;
  /** Each next size is the previous size times this. */
  readonly volumeScale: Decimal;
}

/**
 * The first `count` safety orders, exactly (3Commas' definition): order n rests
 * `deviation x (1 + s + s^2 + ... + s^(n-1))` below the base price (s = stepScale) and is
 * `safetyOrder x volumeScale^(n-1)` in size. Products and sums of exact decimals: no rounding.
 */
export function safetySteps(shape: LadderShape, count: number): SafetyStep[] {
  const steps: SafetyStep[] = [];
  let gap = shape.deviation;
  let deviation = ZERO;
  let size = shape.safetyOrder;
  for (let number = 1; number <= count; number += 1) {
    deviation = deviation.plus(gap);
    steps.push({ number, deviation, size });
    gap = gap.times(shape.stepScale);
    size = size.times(shape.volumeScale);
  }
  return steps;
}

/** The first safety order that would rest at or beyond 100% below the base price, or null. */
export function firstBeyondZero(steps: readonly SafetyStep[]): SafetyStep | null {
  return steps.find((step) => step.deviation.gte(ONE)) ?? null;
}

/** The most one deal may spend: its base order and every safety order, exactly. */
export function dealBudget(baseOrder: Decimal, steps: readonly SafetyStep[]): Decimal {
  return baseOrder.plus(sumDecimals(steps.map((step) => step.size)));
}
