import { BOT_NAME, DEFAULT_BOT } from '../bot/bot-name.js';
import { dec, type Decimal, type DecimalInput } from '../shared/decimal.js';
import { ValidationError } from '../shared/domain-error.js';
import { DcaSettings, type DcaSettingsProps } from './dca-settings.js';
import { ExitRules, type ExitRulesProps } from './exit-rules.js';

const SYMBOL = /^([A-Z0-9]{1,20})\/([A-Z0-9]{1,20})$/;

export interface CurrencyPairProps {
  readonly symbol: string;
  /** Seconds an unfilled buy may rest before it is cancelled. */
  readonly orderLifeTime: number;
  /** Quote amount spent per deal. */
  readonly dealQuota: DecimalInput;
  /** 0.01 = sell 1% above the buy fill. */
  readonly profitMarkup: DecimalInput;
  /** Maximum concurrent deals on the pair. */
  readonly dealCount: number;
  /** Minutes after a deal on the pair ends (closed or cancelled) before the next may open; 0 (the default): none. */
  readonly cooldownMinutes?: number;
  /** Stop loss, trailing stop, take-profit targets, time exit, panic sell; none by default. */
  readonly exits?: ExitRulesProps;
  /** DCA deals (base order, safety orders, take profit from the average); none when absent or null. */
  readonly dca?: Partial<DcaSettingsProps> | null;
  /** The bot the pair trades for (docs/trading-rules.md, "Bots"); `default` when absent. */
  readonly bot?: string;
}

/** A traded market with its deal limits; invalid values never make an instance. */
export class CurrencyPair {
  readonly symbol: string;
  readonly base: string;
  readonly quote: string;
  readonly orderLifeTime: number;
  readonly dealQuota: Decimal;
  readonly profitMarkup: Decimal;
  readonly dealCount: number;
  /** Minutes between a deal's end and the next deal on the pair; 0: none. */
  readonly cooldownMinutes: number;
  readonly exits: ExitRules;
  /** The pair's DCA settings; null: plain deals. */
  readonly dca: DcaSettings | null;
  readonly bot: string;

  private constructor(props: CurrencyPairProps, base: string, quote: string, exits: ExitRules, dca: DcaSettings | null) {
    this.symbol = props.symbol;
    this.base = base;
    this.quote = quote;
    this.orderLifeTime = props.orderLifeTime;
    this.dealQuota = dec(props.dealQuota);
    this.profitMarkup = dec(props.profitMarkup);
    this.dealCount = props.dealCount;
    this.cooldownMinutes = props.cooldownMinutes ?? 0;
    this.exits = exits;
    this.dca = dca;
    this.bot = props.bot ?? DEFAULT_BOT;
    Object.freeze(this);
  }

  /** Throws ValidationError naming the first invalid field. */
  static create(props: CurrencyPairProps): CurrencyPair {
    const match = SYMBOL.exec(props.symbol);
    if (!match) throw new ValidationError('symbol', `"${props.symbol}" must look like BASE/QUOTE in capitals, e.g. BTC/USDT`);
    const [, base, quote] = match as unknown as [string, string, string];
    if (base === quote) throw new ValidationError('symbol', `base and quote must differ in "${props.symbol}"`);
    if (!Number.isFinite(props.orderLifeTime) || props.orderLifeTime <= 0) {
      throw new ValidationError('orderLifeTime', `must be > 0 seconds, got ${props.orderLifeTime}`);
    }
    positiveDecimal('dealQuota', props.dealQuota);
    positiveDecimal('profitMarkup', props.profitMarkup);
    if (!Number.isInteger(props.dealCount) || props.dealCount < 1) {
      throw new ValidationError('dealCount', `must be an integer >= 1, got ${props.dealCount}`);
    }
    const cooldown = props.cooldownMinutes;
    if (cooldown !== undefined && (!Number.isFinite(cooldown) || cooldown < 0)) throw new ValidationError('cooldownMinutes', `must be >= 0 minutes, got ${cooldown}`);
    if (props.bot !== undefined && !BOT_NAME.test(props.bot)) throw new ValidationError('bot', `"${props.bot}" must be 1-32 lower-case letters, digits or dashes, starting with a letter or digit`);
    const dca = props.dca === undefined || props.dca === null ? null : DcaSettings.create(props.dca, 'dca.');
    const over = dca?.budgetExceeds(dec(props.dealQuota)) ?? null;
    if (over !== null) throw new ValidationError('dealQuota', over);
    return new CurrencyPair(props, base, quote, ExitRules.create(props.exits, 'exits.'), dca);
  }

  /** The first time a new deal may open after a deal that ended at `endedAt` (-Infinity: none ended). */
  nextDealFrom(endedAt: number): number {
    return endedAt + this.cooldownMinutes * 60_000;
  }

  toProps(): CurrencyPairProps {
    return {
      symbol: this.symbol,
      orderLifeTime: this.orderLifeTime,
      dealQuota: this.dealQuota.toString(),
      profitMarkup: this.profitMarkup.toString(),
      dealCount: this.dealCount,
      ...(this.cooldownMinutes > 0 && { cooldownMinutes: this.cooldownMinutes }),
      ...(this.exits.isEmpty ? {} : { exits: this.exits.toProps() }),
      ...(this.dca === null ? {} : { dca: this.dca.toProps() }),
      ...(this.bot === DEFAULT_BOT ? {} : { bot: this.bot }),
    };
  }
}

function positiveDecimal(field: string, value: DecimalInput): void {
  let parsed: Decimal;
  try {
    parsed = dec(value);
  } catch {
    throw new ValidationError(field, `must be a decimal number, got ${String(value)}`);
  }
  if (parsed.lte(0)) throw new ValidationError(field, `must be > 0, got ${parsed.toString()}`);
}
