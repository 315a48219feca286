import { committedBy } from '../../domain/bot/bot-budget.js';
import { dec, ZERO, type Decimal } from '../../domain/shared/decimal.js';
import { tradedPair } from '../shared/trading-context.js';
import type { TradingDesk } from '../shared/working-deals.js';
import { openDeal, type OpenDealResult } from './open-deal.use-case.js';

export interface OpenDealNowInput {
  readonly symbol: string;
  /** The limit buy's price; the pair's last price when left out. */
  readonly price?: Decimal;
}

/**
 * The operator opens a deal now, without a signal: a limit buy at the given price (or the last
 * price), within the pair's dealCount and the free quote balance, as a signal's deal would be.
 * A pause does not stop it: the operator asked; its bot's budget does. Skipped with the reason when it cannot open.
 */
export async function openDealNow(desk: TradingDesk, input: OpenDealNowInput): Promise<OpenDealResult> {
  const { ctx } = desk;
  const { pair } = tradedPair(ctx, input.symbol);
  const last = ctx.marks?.lastPrice(input.symbol) ?? null;
  const price = input.price ?? (last === null ? null : dec(last));
  if (price === null) return { skipped: `no price of ${input.symbol} is known yet: give one` };
  const working = await desk.deals.list(input.symbol);
  const balances = await ctx.exchange.fetchBalance([pair.quote]);
  const budget = ctx.budgets?.get(pair.bot);
  const budgetRoom = budget === undefined ? {} : { budgetRoom: budget.room(pair.quote, await heldByBot(desk, pair.bot, pair.quote)) };
  const result = await openDeal(ctx, { symbol: input.symbol, signal: 'BULLISH', price, openDeals: working.length, freeQuote: balances[pair.quote]?.free ?? ZERO, paused: false, ...budgetRoom });
  if ('opened' in result) desk.deals.add(result.opened);
  return result;
}

/** What the working deals of `bot` in `quote` hold of its budget. */
async function heldByBot(desk: TradingDesk, bot: string, quote: string): Promise<Decimal> {
  const deals = await desk.deals.list();
  return committedBy(bot, quote, [...desk.ctx.pairs.values()].map(({ pair, market }) => ({ pair, market, deals: deals.filter((d) => d.symbol === pair.symbol) })));
}
