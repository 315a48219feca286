import type { Deal } from '../../domain/deal/deal.entity.js';
import type { Signal } from '../../domain/services/signal.service.js';
import type { Decimal } from '../../domain/shared/decimal.js';
import { submitOrder } from '../shared/order-submitter.js';
import { persistDeal, tradedPair, type TradingContext } from '../shared/trading-context.js';

export interface OpenDealInput {
  readonly symbol: string;
  readonly signal: Signal;
  readonly price: Decimal;
  readonly openDeals: number;
  readonly freeQuote: Decimal;
  readonly paused?: boolean;
  /** When the pair's latest deal ended, for its cooldown; absent: no cooldown applies (an operator's deal). */
  readonly lastEndedAt?: number;
  /** What is left of the pair's bot's budget in its quote; absent when the bot has none. */
  readonly budgetRoom?: Decimal | null;
}

export type OpenDealResult = { readonly opened: Deal; readonly reserved: Decimal } | { readonly skipped: string };

/** Opens a deal when the signal and the pair's limits allow: the buy is stored, then sent. */
export async function openDeal(ctx: TradingContext, input: OpenDealInput): Promise<OpenDealResult> {
  const result = decideDeal(ctx, input);
  if ('skipped' in result) return result;
  await persistDeal(ctx, result.opened);
  await submitOrder(ctx, result.opened, result.opened.buyOrder);
  return result;
}

/** The deal the signal and the pair's limits allow, with its `new` buy, neither stored nor sent; each call takes a deal id. */
export function decideDeal(ctx: TradingContext, input: OpenDealInput): OpenDealResult {
  const { pair, market } = tradedPair(ctx, input.symbol);
  const decision = ctx.trading.openDealIfNeeded(input.signal, pair, {
    openDeals: input.openDeals,
    freeQuote: input.freeQuote,
    price: input.price,
    market,
    at: ctx.clock.now(),
    dealId: ctx.ids.nextDealId(),
    prefix: ctx.prefix,
    paused: input.paused ?? false,
    ...(input.lastEndedAt !== undefined && { lastEndedAt: input.lastEndedAt }),
    ...(input.budgetRoom === undefined ? {} : { budgetRoom: input.budgetRoom }),
  });
  return decision.kind === 'skip' ? { skipped: decision.reason } : { opened: decision.deal, reserved: decision.reserve };
}
