import type { TradingFees } from 'ccxt';
import type { Clock } from '../../../domain/ports/clock.port.js';
import { dec, type Decimal } from '../../../domain/shared/decimal.js';
import type { MarketRules } from '../../../domain/shared/market-rules.js';
import type { ExchangeLogger } from './secret-redactor.js';

/** The account's rates are read again after a day: exchanges move an account's tier at most daily. */
export const FEE_RATES_REFRESH_MS = 24 * 3_600_000;
/** After a failed read, the next try comes sooner. */
export const FEE_RATES_RETRY_MS = 3_600_000;

interface Rates {
  readonly maker: Decimal;
  readonly taker: Decimal;
}

export interface AccountFeeRatesOptions {
  readonly exchangeId: string;
  /** The exchange offers fetchTradingFees (its capabilities). */
  readonly offered: boolean;
  /** There are API keys: without, there is no account to read rates of, and no warning. */
  readonly signedIn: boolean;
  /** Reads the rates (ccxt fetchTradingFees through the connector's retrying read). */
  readonly fetch: () => Promise<TradingFees>;
  /** Decides when a day has passed. */
  readonly clock: Clock;
  readonly log: ExchangeLogger;
}

/**
 * The maker/taker rates the account pays per symbol (its VIP tier, discounts), read where the
 * exchange offers it and again after a day on the clock. Until they are known, and where the
 * exchange lacks the call or it fails, markets keep ccxt's default rates, said in one warning
 * line; a later failed refresh keeps the rates read last.
 */
export class AccountFeeRates {
  #rates: ReadonlyMap<string, Rates> | null = null;
  #readAt: number | null = null;
  #nextRead = Number.NEGATIVE_INFINITY;
  #warned = false;

  constructor(private readonly options: AccountFeeRatesOptions) {}

  /** The rates are due to be read (never read yet, or a day old, or an hour after a failure). */
  get due(): boolean {
    return this.options.clock.now() >= this.#nextRead;
  }

  /** Reads the rates; never throws. */
  async refresh(): Promise<void> {
    const { clock, log, exchangeId } = this.options;
    const now = clock.now();
    if (!this.options.offered || !this.options.signedIn) {
      this.#nextRead = Number.POSITIVE_INFINITY;
      if (!this.options.signedIn) log.debug({ exchange: exchangeId }, "no API keys, no account fee rates: markets keep ccxt's default rates");
      else log.warn({ exchange: exchangeId }, "this exchange does not tell an account's fee rates (no fetchTradingFees); markets keep ccxt's default rates");
      return;
    }
    try {
      this.#rates = toRates(await this.options.fetch());
      this.#readAt = now;
      this.#nextRead = now + FEE_RATES_REFRESH_MS;
      this.#warned = false;
      log.debug({ exchange: exchangeId, symbols: this.#rates.size }, 'account fee rates read');
    } catch (error) {
      this.#nextRead = now + FEE_RATES_RETRY_MS;
      if (this.#warned) return;
      this.#warned = true;
      const keeps = this.#readAt === null ? "markets keep ccxt's default rates" : `markets keep the rates read at ${new Date(this.#readAt).toISOString()}`;
      log.warn({ exchange: exchangeId, error: error instanceof Error ? error.message : String(error) }, `account fee rates unreadable (fetchTradingFees); ${keeps}`);
    }
  }

  /** The markets with the account's rates where they are known. */
  apply(markets: readonly MarketRules[]): MarketRules[] {
    const rates = this.#rates;
    if (rates === null) return [...markets];
    return markets.map((market) => {
      const own = rates.get(market.symbol);
      return own === undefined ? market : Object.freeze({ ...market, makerFee: own.maker, takerFee: own.taker });
    });
  }
}

/** ccxt's per-symbol answer; a symbol without both rates is left out (it keeps the default). */
function toRates(fees: TradingFees): Map<string, Rates> {
  const rates = new Map<string, Rates>();
  for (const [symbol, fee] of Object.entries(fees)) {
    if (typeof fee?.maker !== 'number' || typeof fee.taker !== 'number') continue;
    rates.set(symbol, { maker: dec(fee.maker), taker: dec(fee.taker) });
  }
  return rates;
}
