import { mkdirSync } from 'node:fs';
import type { TradedPair, TradingContext } from '../application/shared/trading-context.js';
import { BotBudget } from '../domain/bot/bot-budget.js';
import { BotStrategies } from '../domain/bot/bot-strategies.js';
import { CurrencyPair } from '../domain/currency-pair/currency-pair.entity.js';
import type { UnitOfWork } from '../domain/ports/repositories.port.js';
import { SignalService } from '../domain/services/signal.service.js';
import { RuleStrategy } from '../domain/services/rules/rule.strategy.js';
import { AsapStrategy, RsiMacdStrategy, type Strategy } from '../domain/services/strategy.js';
import { TradingService } from '../domain/services/trading.service.js';
import { dec, type DecimalInput } from '../domain/shared/decimal.js';
import type { MarketRules } from '../domain/shared/market-rules.js';
import type { SimulatedClock } from '../infrastructure/clock/simulated.clock.js';
import { botStrategy } from '../infrastructure/config/bots.schema.js';
import { ConfigError } from '../infrastructure/config/config-error.js';
import type { DealbotConfig } from '../infrastructure/config/config.schema.js';
import { DurablePaperExchange, type AccountFileSection } from '../infrastructure/exchange/paper/durable-paper.exchange.js';
import { PaperExchange } from '../infrastructure/exchange/paper/paper.exchange.js';
import type { PaperFeeMode } from '../infrastructure/exchange/paper/paper-fees.js';
import { SequentialIds } from '../infrastructure/ids/sequential-ids.js';
import { paperMarketOf } from './stored-pairs.js';

/** What backtests, paper sessions and realtime paper trading share: the paper account and the strategy. */

export interface PaperAccount {
  readonly balances?: Readonly<Record<string, DecimalInput>>;
  readonly makerFee?: DecimalInput;
  readonly takerFee?: DecimalInput;
}

/** Pairs with the market rules the paper exchange enforces for them: the config's, or the given ones (a run's stored pairs). */
function tradedPairs(config: DealbotConfig, account: PaperAccount, traded: readonly CurrencyPair[] = config.pairs.map((p) => CurrencyPair.create(p))): Map<string, TradedPair> {
  const pairs = new Map<string, TradedPair>();
  for (const pair of traded) {
    const market = paperMarketRules(config, account, pair.symbol);
    if (!market) throw new ConfigError(`pairs: ${pair.symbol} has no paperMarket (priceStep, amountStep): give it one in pairs or paper.markets`);
    pairs.set(pair.symbol, { pair, market });
  }
  return pairs;
}

/** A market's `feeCurrency` when the account pays its fees in a currency of its choosing (not quote nor received). */
export function chosenFeeCurrency(currency: string | undefined): { readonly feeCurrency?: string } {
  return currency === undefined || currency === 'quote' || currency === 'received' ? {} : { feeCurrency: currency };
}

/** The rules the paper exchange enforces on a symbol's market, from its paper market in the config; null when it has none. */
export function paperMarketRules(config: DealbotConfig, account: PaperAccount, symbol: string): MarketRules | null {
  const rules = paperMarketOf(config, symbol);
  if (!rules) return null;
  const [base, quote] = symbol.split('/') as [string, string];
  return {
    symbol,
    base,
    quote,
    amountStep: dec(rules.amountStep),
    priceStep: dec(rules.priceStep),
    minAmount: dec(rules.minAmount),
    minCost: dec(rules.minCost),
    makerFee: dec(account.makerFee ?? config.paper.makerFee),
    takerFee: dec(account.takerFee ?? config.paper.takerFee),
    ...chosenFeeCurrency(config.paper.feeCurrency),
  };
}

/** Binance's discount for fees paid in BNB; other third currencies get none. */
export function paperFeeMode(currency: string): PaperFeeMode {
  if (currency === 'quote' || currency === 'received') return currency;
  return { currency, discount: currency === 'BNB' ? '0.25' : '0' };
}

/**
 * Paper account + the given state + the same context live trading will use. `traded`: the pairs
 * to trade (the config's by default); the exchange also opens the books of `moreMarkets`
 * (pairs traded before, whose orders a saved account may hold).
 */
export function paperContext(
  config: DealbotConfig,
  clock: SimulatedClock,
  account: PaperAccount,
  uow: UnitOfWork,
  idTag?: string,
  durable?: { readonly file: string; readonly section: AccountFileSection },
  traded?: { readonly pairs: readonly CurrencyPair[]; readonly moreMarkets: readonly MarketRules[] },
) {
  const pairs = tradedPairs(config, account, traded?.pairs);
  const markets = [...[...pairs.values()].map((p) => p.market), ...(traded?.moreMarkets ?? []).filter((m) => !pairs.has(m.symbol))];
  const options = { markets, balances: account.balances ?? config.paper.balances, clock, feeMode: paperFeeMode(config.paper.feeCurrency) };
  const exchange = durable ? new DurablePaperExchange(options, durable.file, durable.section) : new PaperExchange(options);
  const ctx: TradingContext = { exchange, uow, clock, ids: new SequentialIds(idTag), trading: new TradingService(), prefix: config.botPrefix, pairs, budgets: botBudgets(config) };
  return { ctx, exchange };
}

/** The config's strategy; with `bots:`, each bot's pairs trade on the bot's own. */
export function strategyOf(config: DealbotConfig): Strategy {
  const top = strategyFrom(config.strategy);
  if (config.bots === undefined) return top;
  const bySymbol = new Map<string, Strategy>();
  for (const bot of config.bots) {
    const strategy = strategyFrom(botStrategy(config.strategy, bot));
    for (const pair of bot.pairs) bySymbol.set(pair.symbol, strategy);
  }
  return new BotStrategies(bySymbol, top);
}

function strategyFrom(settings: DealbotConfig['strategy']): Strategy {
  if (settings.start === 'asap') return new AsapStrategy();
  return settings.rule === undefined ? new RsiMacdStrategy(new SignalService(settings)) : new RuleStrategy(settings.rule);
}

/** The budget of each bot of `bots:`; none without (the default bot has the account's balance only). */
export function botBudgets(config: DealbotConfig): ReadonlyMap<string, BotBudget> {
  return new Map((config.bots ?? []).map((bot) => [bot.name, BotBudget.create(bot.name, bot.budget)]));
}

/** Where paper trading with a file database keeps its simulated account: beside a SQLite file, else under ./data. */
export function paperAccountFile(config: DealbotConfig): string | null {
  const url = config.database;
  if (url === 'sqlite::memory:') return null;
  if (url.startsWith('sqlite:')) return `${url.slice('sqlite:'.length)}.paper.json`;
  mkdirSync('data', { recursive: true });
  return `data/${config.botPrefix}paper-account.json`;
}
