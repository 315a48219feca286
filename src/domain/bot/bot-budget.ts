import type { CurrencyPair } from '../currency-pair/currency-pair.entity.js';
import type { Deal } from '../deal/deal.entity.js';
import { dec, maxDecimal, ONE, ZERO, type Decimal, type DecimalInput } from '../shared/decimal.js';
import { ValidationError } from '../shared/domain-error.js';
import type { MarketRules } from '../shared/market-rules.js';
import { BOT_NAME } from './bot-name.js';

/**
 * A deal's whole possible cost in quote with the maker fee: its buy (price x amount), or on a DCA
 * pair the base order and every safety order (the DCA max budget). What a new deal reserves of the
 * free balance and of its bot's budget.
 */
export function wholeCost(pair: CurrencyPair, market: MarketRules, price: Decimal, amount: Decimal): Decimal {
  return (pair.dca === null ? price.times(amount) : pair.dca.maxBudget).times(ONE.plus(market.makerFee));
}

/**
 * What a working deal holds of its bot's budget: its whole possible cost as it opened (safety
 * orders not yet placed included), or what its buys cost with the fee if that is more. Nothing is
 * given back before the deal ends; a final deal holds nothing.
 */
export function dealCommitment(deal: Deal, pair: CurrencyPair, market: MarketRules): Decimal {
  if (deal.isFinal) return ZERO;
  const buy = deal.buyOrder;
  const price = buy.price ?? buy.average ?? ZERO;
  return maxDecimal(wholeCost(pair, market, price, buy.amount), deal.boughtCost.times(ONE.plus(market.makerFee)));
}

/** A named bot's quote budgets: the most its working deals may hold, per quote currency. */
export class BotBudget {
  readonly #limits: ReadonlyMap<string, Decimal>;

  private constructor(
    readonly bot: string,
    limits: ReadonlyMap<string, Decimal>,
  ) {
    this.#limits = limits;
    Object.freeze(this);
  }

  /** Throws ValidationError naming the bad field (`budget.USDT`). */
  static create(bot: string, budget: Readonly<Record<string, DecimalInput>>): BotBudget {
    if (!BOT_NAME.test(bot)) throw new ValidationError('name', `"${bot}" must be 1-32 lower-case letters, digits or dashes, starting with a letter or digit`);
    const limits = new Map<string, Decimal>();
    for (const [quote, amount] of Object.entries(budget)) {
      let value: Decimal;
      try {
        value = dec(amount);
      } catch {
        throw new ValidationError(`budget.${quote}`, `must be a decimal number, got ${String(amount)}`);
      }
      if (value.lte(0)) throw new ValidationError(`budget.${quote}`, `must be > 0, got ${value.toString()}`);
      limits.set(quote, value);
    }
    return new BotBudget(bot, limits);
  }

  /** The budget in `quote`; null when the bot has none there (it is then held by the account's balance alone). */
  limit(quote: string): Decimal | null {
    return this.#limits.get(quote) ?? null;
  }

  get quotes(): readonly string[] {
    return [...this.#limits.keys()];
  }

  /** What is left of the budget in `quote` once `committed` is held (never below zero); null without a budget there. */
  room(quote: string, committed: Decimal): Decimal | null {
    const limit = this.#limits.get(quote);
    if (limit === undefined) return null;
    return committed.gte(limit) ? ZERO : limit.minus(committed);
  }
}

/** What the working deals of `bot` on pairs quoted in `quote` hold of its budget. */
export function committedBy(bot: string, quote: string, pairs: Iterable<{ readonly pair: CurrencyPair; readonly market: MarketRules; readonly deals: readonly Deal[] }>): Decimal {
  let sum = ZERO;
  for (const { pair, market, deals } of pairs) {
    if (pair.bot !== bot || pair.quote !== quote) continue;
    for (const deal of deals) sum = sum.plus(dealCommitment(deal, pair, market));
  }
  return sum;
}
