import type { Clock } from '../../../domain/ports/clock.port.js';
import { dec, type Decimal } from '../../../domain/shared/decimal.js';
import type { CcxtClient } from './ccxt-client.js';
import type { ExchangeLogger } from './secret-redactor.js';

/** How long a third currency's price is used for valuing fees before it is read again. */
const PRICE_TTL_MS = 60_000;

/**
 * Prices of the third currencies fees are paid in (Binance: BNB), in a pair's quote, so a
 * fee counts at its value when it was paid. Read from the exchange's `<fee>/<quote>` market
 * (the last 1m candle's close, the price of that moment) when one is listed; otherwise the
 * fee stays in its own currency, said once in the log, never counted as zero.
 */
export class FeeValuer {
  readonly #prices = new Map<string, { readonly price: Decimal | null; readonly at: number }>();
  readonly #warned = new Set<string>();

  constructor(
    private readonly client: CcxtClient,
    private readonly clock: Clock,
    private readonly log: ExchangeLogger,
  ) {}

  /** Reads the prices the given fee currencies need, for `value` to use. Failures leave the fee unvalued. */
  async prepare(currencies: Iterable<string | undefined>, market: { readonly base: string; readonly quote: string }): Promise<void> {
    for (const currency of new Set(currencies)) {
      if (currency === undefined || currency === market.base || currency === market.quote) continue;
      const symbol = `${currency}/${market.quote}`;
      const cached = this.#prices.get(symbol);
      if (cached !== undefined && this.clock.now() - cached.at < PRICE_TTL_MS) continue;
      this.#prices.set(symbol, { price: await this.#read(symbol), at: this.clock.now() });
    }
  }

  /** `amount` of `currency` in `quote`, where a price was read; null otherwise. */
  value(currency: string, quote: string, amount: Decimal): Decimal | null {
    const price = this.#prices.get(`${currency}/${quote}`)?.price ?? null;
    if (price !== null) return amount.times(price);
    if (!this.#warned.has(currency)) {
      this.#warned.add(currency);
      this.log.warn({ currency, quote }, `fees paid in ${currency} have no ${currency}/${quote} price; they are reported in ${currency}, not in ${quote}`);
    }
    return null;
  }

  async #read(symbol: string): Promise<Decimal | null> {
    if (this.client.markets?.[symbol] === undefined) return null;
    try {
      const rows = await this.client.fetchOHLCV(symbol, '1m', undefined, 1);
      const close = rows.at(-1)?.[4];
      return close === undefined || close === null || !(close > 0) ? null : dec(close);
    } catch (error) {
      this.log.warn({ symbol, error: error instanceof Error ? error.message : String(error) }, 'fee currency price unreadable now');
      return null;
    }
  }
}
