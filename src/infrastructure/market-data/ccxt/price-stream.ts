import type { Ticker } from 'ccxt';
import type { CcxtClient } from '../../exchange/ccxt/ccxt-client.js';
import type { PriceStreamCapability } from '../../exchange/ccxt/capabilities.js';

/** Live prices of many symbols over one websocket subscription. */
export interface PriceStream {
  /**
   * Waits for the next message and returns the prices that changed since the last call, per
   * symbol (only the newest of each). Rejects when the connection fails or is reset.
   */
  next(symbols: readonly string[]): Promise<ReadonlyMap<string, number>>;
  /** Drops the connection and what it had cached; the next `next` reconnects and resubscribes. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

/** A ticker's price: the last trade (watchTickers) or the best bid, what a sell gets (watchBidsAsks). */
function priceOf(ticker: Ticker, method: PriceStreamCapability['method']): number | null {
  const price = method === 'watchTickers' ? ticker.last : ticker.bid;
  return typeof price === 'number' && Number.isFinite(price) && price > 0 ? price : null;
}

/** ccxt.pro watchTickers / watchBidsAsks, as the exchange's capabilities name it. */
export class CcxtPriceStream implements PriceStream {
  /** The ticker object last reported per symbol: ccxt parses each message into a new one. */
  readonly #seen = new Map<string, Ticker>();

  constructor(
    private readonly client: CcxtClient,
    private readonly capability: PriceStreamCapability,
  ) {}

  /** The symbols subscribed on the open connection; null when none is. */
  #subscribed: string | null = null;

  async next(symbols: readonly string[]): Promise<ReadonlyMap<string, number>> {
    const { method, params } = this.capability;
    // ccxt keeps a subscription until its connection closes: a new set of symbols starts afresh
    const key = symbols.join(',');
    if (this.#subscribed !== null && this.#subscribed !== key) await this.reset();
    this.#subscribed = key;
    if (method === 'watchTickers') await this.client.watchTickers([...symbols], { ...params });
    else await this.client.watchBidsAsks([...symbols], { ...params });
    // Read the cache, not just what resolved: messages of several symbols can land in one turn.
    const cache = (method === 'watchTickers' ? this.client.tickers : this.client.bidsasks) as Record<string, Ticker | undefined> | undefined;
    const out = new Map<string, number>();
    for (const symbol of symbols) {
      const ticker = cache?.[symbol];
      if (ticker === undefined || this.#seen.get(symbol) === ticker) continue;
      this.#seen.set(symbol, ticker);
      const price = priceOf(ticker, method);
      if (price !== null) out.set(symbol, price);
    }
    return out;
  }

  async reset(): Promise<void> {
    this.#subscribed = null;
    await this.client.close();
    this.client.tickers = {};
    this.client.bidsasks = {};
    this.#seen.clear();
  }

  async close(): Promise<void> {
    await this.reset();
  }
}
