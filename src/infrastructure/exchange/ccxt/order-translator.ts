import type { Order } from 'ccxt';
import type { Clock } from '../../../domain/ports/clock.port.js';
import { TemporaryExchangeError } from '../../../domain/ports/exchange.errors.js';
import type { ExchangeOrder, ExchangeTrade } from '../../../domain/ports/exchange.port.js';
import { sumDecimals } from '../../../domain/shared/decimal.js';
import type { MarketRules } from '../../../domain/shared/market-rules.js';
import type { ExchangeCapabilities } from './capabilities.js';
import type { CcxtCalls } from './ccxt-calls.js';
import type { CcxtClient } from './ccxt-client.js';
import { toExchangeOrder, toTrade, type FeeValue } from './ccxt-mapping.js';
import { FeeValuer } from './fee-valuer.js';
import type { ExchangeLogger } from './secret-redactor.js';

/**
 * A ccxt order as the port's ExchangeOrder with its trades, each fee valued in the quote.
 * Where the exchange lists a fill's trades apart from the order, they are read over REST.
 */
export class OrderTranslator {
  readonly #fees: FeeValuer;

  constructor(
    private readonly client: CcxtClient,
    private readonly calls: CcxtCalls,
    private readonly capabilities: ExchangeCapabilities,
    private readonly log: ExchangeLogger,
    clock: Clock,
  ) {
    this.#fees = new FeeValuer(client, clock, log);
  }

  /** Adds the trades of a (partly) filled order, where the exchange lists them separately. */
  async complete(order: Order, market: MarketRules, clientOrderId?: string): Promise<ExchangeOrder> {
    let trades: ExchangeTrade[] | null = null;
    await this.#fees.prepare([order.fee?.currency, ...(order.trades ?? []).map((t) => t.fee?.currency)], market);
    if (order.trades !== undefined && order.trades.length > 0) trades = order.trades.map((t) => toTrade(t, market, this.#feeValue));
    else if (!((order.filled ?? 0) > 0)) trades = [];
    else if (this.capabilities.fetchOrderTrades && order.id !== undefined) {
      const id = order.id;
      try {
        const raw = await this.calls.read(`fetchOrderTrades ${market.symbol} ${id}`, () => this.client.fetchOrderTrades(id, market.symbol));
        await this.#fees.prepare(raw.map((t) => t.fee?.currency), market);
        trades = raw.map((t) => toTrade(t, market, this.#feeValue));
      } catch (error) {
        if (!(error instanceof TemporaryExchangeError)) throw error;
        this.log.warn({ exchangeOrderId: id, error: error.message }, 'order trades unreadable now; reporting totals only');
      }
    }
    return toExchangeOrder(order, { market, clientOrderId, trades, feeValue: this.#feeValue });
  }

  /** A streamed order with its trades: ccxt's where they add up, else read over REST. Check tradesComplete() on the result. */
  async completeStreamed(order: Order, market: MarketRules): Promise<ExchangeOrder> {
    // ccxt keeps only the trades it streamed since the order entered its cache: use them when they add up.
    if (order.trades !== undefined) await this.#fees.prepare(order.trades.map((t) => t.fee?.currency), market);
    const streamed = order.trades !== undefined && order.trades.length > 0 ? toExchangeOrder(order, { market, trades: order.trades.map((t) => toTrade(t, market, this.#feeValue)), feeValue: this.#feeValue }) : null;
    return streamed !== null && this.tradesComplete(streamed) ? streamed : await this.complete({ ...order, trades: [] } as Order, market);
  }

  /** Every fill is accounted for by trades (where the exchange lists them). */
  tradesComplete(order: ExchangeOrder): boolean {
    if (!this.capabilities.fetchOrderTrades || order.filled.eq(0)) return true;
    return order.trades !== null && sumDecimals(order.trades.map((t) => t.amount)).eq(order.filled);
  }

  #feeValue: FeeValue = (currency, quote, amount) => this.#fees.value(currency, quote, amount);
}
