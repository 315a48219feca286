import { ONE, sumDecimals, type Decimal, type DecimalInput } from '../shared/decimal.js';
import { fractionField, positiveField } from '../shared/decimal-fields.js';
import { ValidationError } from '../shared/domain-error.js';

export interface TakeProfitTargetProps {
  /** 0.01 = a limit sell 1% above the buy fill. */
  readonly profit: DecimalInput;
  /** Fraction of the bought amount sold at this target; the shares sum to 1. */
  readonly share: DecimalInput;
}

/** Exit rules of one pair, as configured; every rule is optional, and null turns it off. */
export interface ExitRulesProps {
  /** 0.05 = sell at market once the price trades 5% below the buy fill. */
  readonly stopLoss?: DecimalInput | null;
  /** Once the price rose `activation` above the buy fill, sell when it falls `distance` below the highest price since. */
  readonly trailingStop?: { readonly activation: DecimalInput; readonly distance: DecimalInput } | null;
  /** Limit sells above the buy fill, replacing the single one at profitMarkup. */
  readonly takeProfit?: { readonly targets: readonly TakeProfitTargetProps[] } | null;
  /** Close at market once the deal is this many hours old. */
  readonly timeExit?: { readonly hours: number } | null;
  /** When `reference` (default: the pair) falls `drop` within `windowMinutes`: close at market, open nothing for `cooldownMinutes`. */
  readonly panicSell?: { readonly drop: DecimalInput; readonly windowMinutes: number; readonly cooldownMinutes: number; readonly reference?: string | undefined } | null;
}

export interface TrailingStopRule { readonly activation: Decimal; readonly distance: Decimal }
export interface TakeProfitTarget { readonly profit: Decimal; readonly share: Decimal }
export interface PanicSellRule { readonly drop: Decimal; readonly windowMs: number; readonly cooldownMs: number; readonly reference: string | null }

const MINUTE_MS = 60_000;
const SYMBOL = /^[A-Z0-9]{1,20}\/[A-Z0-9]{1,20}$/;

/** A pair's validated exit rules; invalid values never make an instance. */
export class ExitRules {
  static readonly NONE = new ExitRules({}, null, null, null, null, null);

  private constructor(
    private readonly props: ExitRulesProps,
    readonly stopLoss: Decimal | null,
    readonly trailingStop: TrailingStopRule | null,
    /** Lowest target first. */
    readonly takeProfit: readonly TakeProfitTarget[] | null,
    readonly timeExitMs: number | null,
    readonly panicSell: PanicSellRule | null,
  ) {
    Object.freeze(this);
  }

  /** Throws ValidationError naming the first invalid field, behind `prefix` (e.g. `exits.`). */
  static create(props: ExitRulesProps = {}, prefix = ''): ExitRules {
    const field = (name: string): string => `${prefix}${name}`;
    const stopLoss = props.stopLoss === undefined || props.stopLoss === null ? null : fractionField(field('stopLoss'), props.stopLoss, '0.05 = 5% below the buy fill');
    let trailing: TrailingStopRule | null = null;
    if (props.trailingStop) {
      const activation = positiveField(field('trailingStop.activation'), props.trailingStop.activation);
      const distance = fractionField(field('trailingStop.distance'), props.trailingStop.distance, '0.01 = 1% below the highest price');
      if (distance.gt(activation)) throw new ValidationError(field('trailingStop.distance'), `must not be larger than trailingStop.activation ${activation.toString()}, got ${distance.toString()}`);
      trailing = { activation, distance };
    }
    const takeProfit = props.takeProfit ? targets(field('takeProfit.targets'), props.takeProfit.targets) : null;
    const timeExitMs = props.timeExit ? positiveNumber(field('timeExit.hours'), props.timeExit.hours) * 3_600_000 : null;
    let panic: PanicSellRule | null = null;
    if (props.panicSell) {
      const p = props.panicSell;
      const drop = fractionField(field('panicSell.drop'), p.drop, '0.1 = a 10% fall');
      const windowMs = positiveNumber(field('panicSell.windowMinutes'), p.windowMinutes) * MINUTE_MS;
      if (!Number.isFinite(p.cooldownMinutes) || p.cooldownMinutes < 0) throw new ValidationError(field('panicSell.cooldownMinutes'), `must be >= 0 minutes, got ${p.cooldownMinutes}`);
      if (p.reference !== undefined && !SYMBOL.test(p.reference)) throw new ValidationError(field('panicSell.reference'), `"${p.reference}" must look like BASE/QUOTE in capitals`);
      panic = { drop, windowMs, cooldownMs: p.cooldownMinutes * MINUTE_MS, reference: p.reference ?? null };
    }
    if (stopLoss === null && trailing === null && takeProfit === null && timeExitMs === null && panic === null) return ExitRules.NONE;
    return new ExitRules(props, stopLoss, trailing, takeProfit, timeExitMs, panic);
  }

  /** A rule that watches each open deal (stop loss, trailing stop or time exit). */
  get watchesDeals(): boolean {
    return this.stopLoss !== null || this.trailingStop !== null || this.timeExitMs !== null;
  }

  get isEmpty(): boolean {
    return this === ExitRules.NONE;
  }

  toProps(): ExitRulesProps {
    return this.props;
  }
}

function positiveNumber(field: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) throw new ValidationError(field, `must be > 0, got ${value}`);
  return value;
}

function targets(field: string, list: readonly TakeProfitTargetProps[]): TakeProfitTarget[] {
  if (list.length === 0) throw new ValidationError(field, 'needs at least one target');
  const parsed = list.map((t, i) => ({ profit: positiveField(`${field}[${i}].profit`, t.profit), share: positiveField(`${field}[${i}].share`, t.share) }));
  const total = sumDecimals(parsed.map((t) => t.share));
  if (!total.eq(ONE)) throw new ValidationError(field, `shares must sum to 1 (100%), got ${total.toString()}`);
  return parsed.sort((a, b) => a.profit.cmp(b.profit));
}
