import { mkdirSync } from 'node:fs';
import type { TradedPair, TradingContext } from '../application/shared/trading-context.js';
import { CurrencyPair } from '../domain/currency-pair/currency-pair.entity.js';
import type { UnitOfWork } from '../domain/ports/repositories.port.js';
import { SignalService } from '../domain/services/signal.service.js';
import { RuleStrategy } from '../domain/services/rules/rule.strategy.js';
import { RsiMacdStrategy, type Strategy } from '../domain/services/strategy.js';
import { TradingService } from '../domain/services/trading.service.js';
import { dec, type DecimalInput } from '../domain/shared/decimal.js';
import type { SimulatedClock } from '../infrastructure/clock/simulated.clock.js';
import type { DealbotConfig } from '../infrastructure/config/config.schema.js';
import { DurablePaperExchange, type AccountFileSection } from '../infrastructure/exchange/paper/durable-paper.exchange.js';
import { PaperExchange } from '../infrastructure/exchange/paper/paper.exchange.js';
import type { PaperFeeMode } from '../infrastructure/exchange/paper/paper-fees.js';
import { SequentialIds } from '../infrastructure/ids/sequential-ids.js';

/** What backtests, paper sessions and realtime paper trading share: the paper account and the strategy. */

export interface PaperAccount {
  readonly balances?: Readonly<Record<string, DecimalInput>>;
  readonly makerFee?: DecimalInput;
  readonly takerFee?: DecimalInput;
}

/** Pairs with the market rules the paper exchange enforces for them. */
function tradedPairs(config: DealbotConfig, account: PaperAccount): Map<string, TradedPair> {
  const pairs = new Map<string, TradedPair>();
  for (const p of config.pairs) {
    const pair = CurrencyPair.create(p);
    const rules = p.paperMarket;
    if (!rules) throw new Error(`pairs: ${p.symbol} has no paperMarket (priceStep, amountStep)`);
    pairs.set(pair.symbol, {
      pair,
      market: {
        symbol: pair.symbol,
        base: pair.base,
        quote: pair.quote,
        amountStep: dec(rules.amountStep),
        priceStep: dec(rules.priceStep),
        minAmount: dec(rules.minAmount),
        minCost: dec(rules.minCost),
        makerFee: dec(account.makerFee ?? config.paper.makerFee),
        takerFee: dec(account.takerFee ?? config.paper.takerFee),
        ...chosenFeeCurrency(config.paper.feeCurrency),
      },
    });
  }
  return pairs;
}

/** A market's `feeCurrency` when the account pays its fees in a currency of its choosing (not quote nor received). */
export function chosenFeeCurrency(currency: string | undefined): { readonly feeCurrency?: string } {
  return currency === undefined || currency === 'quote' || currency === 'received' ? {} : { feeCurrency: currency };
}

/** Binance's discount for fees paid in BNB; other third currencies get none. */
export function paperFeeMode(currency: string): PaperFeeMode {
  if (currency === 'quote' || currency === 'received') return currency;
  return { currency, discount: currency === 'BNB' ? '0.25' : '0' };
}

/** Paper account + the given state + the same context live trading will use. */
export function paperContext(config: DealbotConfig, clock: SimulatedClock, account: PaperAccount, uow: UnitOfWork, idTag?: string, durable?: { readonly file: string; readonly section: AccountFileSection }) {
  const pairs = tradedPairs(config, account);
  const options = { markets: [...pairs.values()].map((p) => p.market), balances: account.balances ?? config.paper.balances, clock, feeMode: paperFeeMode(config.paper.feeCurrency) };
  const exchange = durable ? new DurablePaperExchange(options, durable.file, durable.section) : new PaperExchange(options);
  const ctx: TradingContext = { exchange, uow, clock, ids: new SequentialIds(idTag), trading: new TradingService(), prefix: config.botPrefix, pairs };
  return { ctx, exchange };
}

export function strategyOf(config: DealbotConfig): Strategy {
  return config.strategy.rule === undefined ? new RsiMacdStrategy(new SignalService(config.strategy)) : new RuleStrategy(config.strategy.rule);
}

/** Where paper trading with a file database keeps its simulated account: beside a SQLite file, else under ./data. */
export function paperAccountFile(config: DealbotConfig): string | null {
  const url = config.database;
  if (url === 'sqlite::memory:') return null;
  if (url.startsWith('sqlite:')) return `${url.slice('sqlite:'.length)}.paper.json`;
  mkdirSync('data', { recursive: true });
  return `data/${config.botPrefix}paper-account.json`;
}
