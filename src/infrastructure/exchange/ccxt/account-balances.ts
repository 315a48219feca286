import type { Balances as CcxtBalances } from 'ccxt';
import { OrderRefusedError } from '../../../domain/ports/exchange.errors.js';
import type { Balances } from '../../../domain/ports/exchange.port.js';
import { BalanceBook } from './balance-book.js';
import { binanceAccountSnapshot, binanceBalanceEvent } from './binance-account-events.js';
import type { ExchangeCapabilities } from './capabilities.js';
import type { CcxtCalls } from './ccxt-calls.js';
import type { CcxtClient } from './ccxt-client.js';
import { toBalances } from './ccxt-mapping.js';
import type { MarketCatalog } from './market-catalog.js';
import type { StreamedBalances } from './order-stream.js';

/**
 * The connector's fetchBalance: from the balance book while the user-data stream vouches for it
 * (balance-book.ts says when), else over REST, each REST read seeding the book. Where the exchange
 * streams no balances (capabilities.balanceStream null) or there are no keys, always REST.
 */
export class AccountBalances {
  readonly #book: BalanceBook | null;
  readonly #code: (assetId: string) => string;

  constructor(
    private readonly client: CcxtClient,
    private readonly calls: CcxtCalls,
    private readonly markets: MarketCatalog,
    capabilities: ExchangeCapabilities,
    signedIn: boolean,
  ) {
    this.#book = capabilities.balanceStream === 'binance' && signedIn ? new BalanceBook() : null;
    this.#code = (assetId) => client.safeCurrencyCode(assetId) ?? assetId;
  }

  /** What the order stream feeds with its raw messages; null where balances are not streamed. */
  get streamed(): StreamedBalances | null {
    const book = this.#book;
    return book === null ? null : { book, eventOf: (message, orderIdOf) => binanceBalanceEvent(message, this.#code, orderIdOf) };
  }

  async fetch(currencies?: readonly string[]): Promise<Balances> {
    const streamed = this.#book?.current(currencies) ?? null;
    if (streamed !== null) return streamed;
    await this.markets.ensureLoaded();
    const book = this.#book;
    const ticket = book?.reading() ?? null;
    let answer: CcxtBalances;
    try {
      answer = await this.calls.read('fetchBalance', () => this.client.fetchBalance());
    } catch (error) {
      if (ticket !== null) book!.read(ticket, null);
      throw error;
    }
    if (ticket !== null) book!.read(ticket, binanceAccountSnapshot(answer.info, this.#code));
    return toBalances(answer);
  }

  /** An order request (create or cancel) is about to be sent: balances are read over REST until the stream reports it. */
  sending(clientOrderId: string, kind: 'create' | 'cancel'): void {
    this.#book?.sending(clientOrderId, kind);
  }

  /** The exchange answered about the order: an order it holds, or a refusal. */
  answered(clientOrderId: string): void {
    this.#book?.answered(clientOrderId);
  }

  /** A failed create or cancel: a refusal is an answer; a lost answer leaves the order unreported until the exchange is asked. */
  failed(clientOrderId: string, error: unknown): void {
    if (error instanceof OrderRefusedError) this.answered(clientOrderId);
  }
}
