import type { Decimal, DecimalInput } from '../shared/decimal.js';
import { fractionField, positiveField } from '../shared/decimal-fields.js';
import { ValidationError } from '../shared/domain-error.js';
import { dealBudget, firstBeyondZero, safetySteps, type SafetyStep } from './dca-ladder.js';

/** 3Commas' bound on safety orders per deal; it also bounds the ladder's exact maths. */
export const MAX_SAFETY_ORDERS = 200;

/** What a DCA stop loss is measured from: the base order's price or the deal's average buy price. */
export type DcaStopLossFrom = 'base' | 'average';
export const DCA_STOP_LOSS_FROM: readonly DcaStopLossFrom[] = ['base', 'average'];

/** A DCA deal's settings, as configured (docs/trading-rules.md, "DCA"). */
export interface DcaSettingsProps {
  /** Quote amount of the deal's first buy. */
  readonly baseOrder: DecimalInput;
  /** Quote amount of the first safety order. */
  readonly safetyOrder: DecimalInput;
  /** Safety orders a deal may fill, 0 to MAX_SAFETY_ORDERS. */
  readonly maxSafetyOrders: number;
  /** Safety orders resting at once: 1 to maxSafetyOrders; 1 when absent (0 without safety orders). */
  readonly maxActiveSafetyOrders?: number | undefined;
  /** 0.01 = the first safety order rests 1% below the base order's price. */
  readonly deviation: DecimalInput;
  /** Each next gap between safety orders is the previous one times this (> 0). */
  readonly stepScale: DecimalInput;
  /** Each next safety order's size is the previous one times this (> 0). */
  readonly volumeScale: DecimalInput;
  /** 0.015 = take profit 1.5% above the deal's average buy price. */
  readonly takeProfit: DecimalInput;
  /** Sell at market once the price trades `drop` below the base price or the average; none when absent or null. */
  readonly stopLoss?: { readonly drop: DecimalInput; readonly from: DcaStopLossFrom } | null | undefined;
}

export interface DcaStopLoss {
  readonly drop: Decimal;
  readonly from: DcaStopLossFrom;
}

const REQUIRED = ['baseOrder', 'safetyOrder', 'maxSafetyOrders', 'deviation', 'stepScale', 'volumeScale', 'takeProfit'] as const;

/** Validated DCA settings with their safety-order ladder; invalid values never make an instance. */
export class DcaSettings {
  private constructor(
    private readonly props: DcaSettingsProps,
    readonly baseOrder: Decimal,
    readonly safetyOrder: Decimal,
    readonly maxSafetyOrders: number,
    readonly maxActiveSafetyOrders: number,
    readonly deviation: Decimal,
    readonly stepScale: Decimal,
    readonly volumeScale: Decimal,
    readonly takeProfit: Decimal,
    readonly stopLoss: DcaStopLoss | null,
    /** Every safety order, the first one first: deviations strictly increasing, all below 100%. */
    readonly steps: readonly SafetyStep[],
    /** baseOrder plus every safety order's size: the most one deal may spend. */
    readonly maxBudget: Decimal,
  ) {
    Object.freeze(this);
  }

  /**
   * Throws ValidationError naming the first invalid or missing field, behind `prefix` (e.g. `dca.`).
   * Takes what a config, a request or a row gives; a field it lacks is refused as required.
   */
  static create(props: Partial<DcaSettingsProps>, prefix = ''): DcaSettings {
    const field = (name: string): string => `${prefix}${name}`;
    const missing = REQUIRED.find((name) => props[name] === undefined || props[name] === null);
    if (missing !== undefined) throw new ValidationError(field(missing), 'is required');
    const complete = props as DcaSettingsProps;
    const baseOrder = positiveField(field('baseOrder'), complete.baseOrder);
    const safetyOrder = positiveField(field('safetyOrder'), complete.safetyOrder);
    const maxSafetyOrders = complete.maxSafetyOrders;
    if (!Number.isInteger(maxSafetyOrders) || maxSafetyOrders < 0 || maxSafetyOrders > MAX_SAFETY_ORDERS) {
      throw new ValidationError(field('maxSafetyOrders'), `must be an integer from 0 to ${MAX_SAFETY_ORDERS}, got ${maxSafetyOrders}`);
    }
    const maxActive = activeCount(field('maxActiveSafetyOrders'), complete.maxActiveSafetyOrders, maxSafetyOrders);
    const deviation = fractionField(field('deviation'), complete.deviation, '0.01 = the first safety order 1% below the base price');
    const stepScale = positiveField(field('stepScale'), complete.stepScale);
    const volumeScale = positiveField(field('volumeScale'), complete.volumeScale);
    const takeProfit = positiveField(field('takeProfit'), complete.takeProfit);
    const stopLoss = complete.stopLoss === undefined || complete.stopLoss === null ? null : stopLossOf(field('stopLoss'), complete.stopLoss);
    const steps = safetySteps({ deviation, stepScale, safetyOrder, volumeScale }, maxSafetyOrders);
    const beyond = firstBeyondZero(steps);
    if (beyond !== null) {
      throw new ValidationError(
        field('maxSafetyOrders'),
        `safety order ${beyond.number} would rest ${percent(beyond.deviation)} below the base price; every safety order must stay below 100% (lower maxSafetyOrders, deviation or stepScale)`,
      );
    }
    return new DcaSettings(complete, baseOrder, safetyOrder, maxSafetyOrders, maxActive, deviation, stepScale, volumeScale, takeProfit, stopLoss, steps, dealBudget(baseOrder, steps));
  }

  /**
   * Why one deal's whole possible cost does not fit in `quota` (the pair's dealQuota), or null:
   * a deal opens only when its base order and every safety order fit.
   */
  budgetExceeds(quota: Decimal): string | null {
    if (this.maxBudget.lte(quota)) return null;
    return `${quota.toString()} is below the DCA max budget of one deal, ${this.maxBudget.toString()} (${this.budgetText()})`;
  }

  /**
   * The safety orders at or below a stop loss measured from the base price: the stop sells the
   * deal before the price reaches them, so they never fill. None without such a stop.
   */
  stepsPastBaseStop(): readonly SafetyStep[] {
    const stop = this.stopLoss;
    return stop === null || stop.from !== 'base' ? [] : this.steps.filter((step) => step.deviation.gte(stop.drop));
  }

  /** `base order 10 + 3 safety orders 140` */
  budgetText(): string {
    const safety = this.maxBudget.minus(this.baseOrder);
    const count = this.maxSafetyOrders;
    return `base order ${this.baseOrder.toString()}${count === 0 ? '' : ` + ${count} safety order${count === 1 ? '' : 's'} ${safety.toString()}`}`;
  }

  toProps(): DcaSettingsProps {
    return this.props;
  }
}

/** 0.0475 -> `4.75%` */
export function percent(value: Decimal): string {
  return `${value.times(100).toString()}%`;
}

function activeCount(field: string, value: number | undefined, most: number): number {
  if (value === undefined) return Math.min(1, most);
  if (most === 0) {
    if (value !== 0) throw new ValidationError(field, `must be 0 (or left out) when maxSafetyOrders is 0, got ${value}`);
    return 0;
  }
  if (!Number.isInteger(value) || value < 1 || value > most) throw new ValidationError(field, `must be an integer from 1 to maxSafetyOrders ${most}, got ${value}`);
  return value;
}

function stopLossOf(field: string, stop: { readonly drop: DecimalInput; readonly from: DcaStopLossFrom }): DcaStopLoss {
  if (stop.drop === undefined || stop.drop === null) throw new ValidationError(`${field}.drop`, 'is required');
  const drop = fractionField(`${field}.drop`, stop.drop, '0.1 = 10% below');
  if (!DCA_STOP_LOSS_FROM.includes(stop.from)) throw new ValidationError(`${field}.from`, `must be base or average, got ${String(stop.from)}`);
  return { drop, from: stop.from };
}
