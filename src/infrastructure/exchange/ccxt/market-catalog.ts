import type { Clock } from '../../../domain/ports/clock.port.js';
import { OrderRefusedError } from '../../../domain/ports/exchange.errors.js';
import type { MarketRules } from '../../../domain/shared/market-rules.js';
import { AccountFeeRates } from './account-fee-rates.js';
import type { CcxtCalls } from './ccxt-calls.js';
import type { CcxtClient } from './ccxt-client.js';
import { toMarketRules } from './ccxt-mapping.js';
import type { ExchangeLogger } from './secret-redactor.js';

export interface MarketCatalogOptions {
  readonly exchangeId: string;
  /** The exchange offers fetchTradingFees. */
  readonly feeRatesOffered: boolean;
  readonly signedIn: boolean;
  readonly clock: Clock;
  readonly log: ExchangeLogger;
}

/**
 * The exchange's spot markets as the domain's MarketRules, carrying the account's maker/taker
 * rates over ccxt's defaults. Loaded on first use; the rates are read again when a day is up.
 */
export class MarketCatalog {
  #rules = new Map<string, MarketRules>();
  readonly #feeRates: AccountFeeRates;

  constructor(
    private readonly client: CcxtClient,
    private readonly calls: CcxtCalls,
    private readonly options: MarketCatalogOptions,
  ) {
    this.#feeRates = new AccountFeeRates({
      exchangeId: options.exchangeId,
      offered: options.feeRatesOffered,
      signedIn: options.signedIn,
      fetch: () => calls.read('fetchTradingFees', () => client.fetchTradingFees()),
      clock: options.clock,
      log: options.log,
    });
  }

  /** Reads the markets afresh (and the account's rates when due). */
  async load(): Promise<readonly MarketRules[]> {
    const markets = await this.calls.read('loadMarkets', () => this.client.loadMarkets(true));
    if (this.#feeRates.due) await this.#feeRates.refresh();
    const rules = this.#feeRates.apply(toMarketRules(Object.values(markets), this.client.precisionMode ?? 0));
    this.#rules = new Map(rules.map((r) => [r.symbol, r]));
    return Object.freeze(rules);
  }

  async ensureLoaded(): Promise<void> {
    if (this.#rules.size === 0 || this.client.markets === undefined) await this.load();
    else if (this.#feeRates.due) {
      // a day on: the account's rates are read again, the markets stay as loaded
      await this.#feeRates.refresh();
      this.#rules = new Map(this.#feeRates.apply([...this.#rules.values()]).map((r) => [r.symbol, r]));
    }
  }

  /** The rules of a spot market, loading the markets first where needed; refused when there is no such market. */
  async market(symbol: string): Promise<MarketRules> {
    await this.ensureLoaded();
    const market = this.#rules.get(symbol);
    if (market === undefined) throw new OrderRefusedError(`${this.options.exchangeId}: no spot market ${symbol}`, 'bad_symbol');
    return market;
  }

  /** The rules as loaded, without loading. */
  loaded(symbol: string | undefined): MarketRules | undefined {
    return this.#rules.get(symbol ?? '');
  }

  get symbols(): string[] {
    return [...this.#rules.keys()];
  }
}
