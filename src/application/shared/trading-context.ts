import type { BotBudget } from '../../domain/bot/bot-budget.js';
import type { CurrencyPair } from '../../domain/currency-pair/currency-pair.entity.js';
import type { Deal } from '../../domain/deal/deal.entity.js';
import type { Clock } from '../../domain/ports/clock.port.js';
import type { Exchange } from '../../domain/ports/exchange.port.js';
import type { IdGenerator } from '../../domain/ports/id-generator.port.js';
import type { UnitOfWork } from '../../domain/ports/repositories.port.js';
import type { DealContext, TradingService } from '../../domain/services/trading.service.js';
import type { MarketRules } from '../../domain/shared/market-rules.js';

export interface TradedPair {
  readonly pair: CurrencyPair;
  readonly market: MarketRules;
}

/** Last prices the trading loop has seen, per pair. */
export interface PriceMarks {
  lastPrice(symbol: string): number | null;
}

/** What every trading use case works with; built once by the composition root. */
export interface TradingContext {
  readonly exchange: Exchange;
  readonly uow: UnitOfWork;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly trading: TradingService;
  /** Client order id prefix that marks this bot's orders on the exchange. */
  readonly prefix: string;
  readonly pairs: ReadonlyMap<string, TradedPair>;
  /** Set by the trading loop: a deal whose price is already at its stop is not given a stop it cannot rest with. */
  readonly marks?: PriceMarks;
  /** The quote budget of each bot that has one (config `bots:`); a bot not here has the account's balance only. */
  readonly budgets?: ReadonlyMap<string, BotBudget>;
}

export function tradedPair(ctx: TradingContext, symbol: string): TradedPair {
  const traded = ctx.pairs.get(symbol);
  if (!traded) throw new RangeError(`pair ${symbol} is not traded by this bot`);
  return traded;
}

export function dealContext(ctx: TradingContext, symbol: string, at: number): DealContext {
  const { pair, market } = tradedPair(ctx, symbol);
  return { pair, market, at, prefix: ctx.prefix, stops: ctx.exchange.supportsStopPrice === true, price: ctx.marks?.lastPrice(symbol) ?? null };
}

/** Saves the deal with its orders and the events they produced, in one transaction. */
export function persistDeal(ctx: TradingContext, deal: Deal): Promise<void> {
  return ctx.uow.saveDeal(deal);
}
