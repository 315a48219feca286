import type { Clock } from '../../../domain/ports/clock.port.js';
import { DuplicateOrderError, OrderRefusedError } from '../../../domain/ports/exchange.errors.js';
import type { Balances, Exchange, ExchangeOrder, OrderRequest } from '../../../domain/ports/exchange.port.js';
import type { LookAhead } from '../../../domain/ports/replay.port.js';
import type { Candle } from '../../../domain/shared/candle.js';
import { dec, ONE, ZERO, type Decimal, type DecimalInput } from '../../../domain/shared/decimal.js';
import type { MarketRules } from '../../../domain/shared/market-rules.js';
import { BalanceLedger } from './balance.ledger.js';
import { FaultInjector, type FaultableMethod, type FaultOptions } from './fault.injector.js';
import { validateOrderRequest } from './order-request.validation.js';
import { paperOrderFromState, paperOrderToState, type PaperAccountState } from './paper-account.state.js';
import { toExchangeOrder, type PaperOrder } from './paper-order.state.js';
import { addResting, keepResting, lastCloseOf, mayFill, newBook, removeResting, type Book } from './paper-book.js';
import { PaperMatcher } from './paper.matcher.js';
import { PaperFees, type PaperFeeMode } from './paper-fees.js';

export interface PaperExchangeOptions {
  readonly markets: readonly MarketRules[];
  readonly balances: Readonly<Record<string, DecimalInput>>;
  readonly clock: Clock;
  readonly id?: string;
  /** false: behave like an exchange without stop orders (refuse stop prices); true by default. */
  readonly stopOrders?: boolean;
  /** The currency fees are charged in (paper-fees.ts); the quote by default. */
  readonly feeMode?: PaperFeeMode;
  /** Order requests the bot may have in flight at once; 1 by default: the account is in this process, so nothing is gained by overlapping, and answers apply in the order sent (backtests stay deterministic). */
  readonly orderConcurrency?: number;
}

/**
 * A simulated exchange account. Orders rest until a later candle crosses them
 * (DESIGN.md section 3); onCandle is the matching engine.
 */
export class PaperExchange implements Exchange {
  readonly id: string;
  /** Sells take a stop price: triggered when a candle's low reaches it, filled at min(stop, open) as a taker. */
  readonly supportsStopPrice: boolean;
  readonly orderConcurrency: number;
  readonly #clock: Clock;
  #markets: readonly MarketRules[];
  readonly #ledger: BalanceLedger;
  readonly #books = new Map<string, Book>();
  readonly #orders = new Map<string, PaperOrder>();
  readonly #faults = new FaultInjector();
  readonly #makerFactors = new Map<MarketRules, Decimal>();
  readonly #matcher: PaperMatcher;
  #sequence = 0;

  constructor(options: PaperExchangeOptions) {
    this.id = options.id ?? 'paper';
    this.supportsStopPrice = options.stopOrders ?? true;
    this.orderConcurrency = options.orderConcurrency ?? 1;
    this.#clock = options.clock;
    this.#markets = Object.freeze([...options.markets]);
    this.#ledger = new BalanceLedger(options.balances);
    this.#matcher = new PaperMatcher(this.#ledger, new PaperFees(options.feeMode ?? 'quote', this.#ledger, (symbol) => {
      const book = this.#books.get(symbol);
      return (book === undefined ? null : lastCloseOf(book)) ?? Number.NaN;
    }));
    for (const market of options.markets) {
      if (this.#books.has(market.symbol)) throw new Error(`market ${market.symbol} is listed twice`);
      this.#books.set(market.symbol, newBook(market));
    }
  }

  async loadMarkets(): Promise<readonly MarketRules[]> {
    return this.#markets;
  }

  /** Opens the book of a market to trade from now on (a pair added at runtime); a market it has keeps its book. */
  openMarket(market: MarketRules): void {
    if (this.#books.has(market.symbol)) return;
    this.#books.set(market.symbol, newBook(market));
    this.#markets = Object.freeze([...this.#markets, market]);
  }

  async fetchBalance(currencies?: readonly string[]): Promise<Balances> {
    return currencies === undefined ? this.balances() : this.#ledger.some(currencies);
  }

  async createOrder(request: OrderRequest): Promise<ExchangeOrder> {
    return this.#faults.run('createOrder', () => this.#create(request));
  }

  async cancelOrder(symbol: string, clientOrderId: string): Promise<ExchangeOrder> {
    return this.#faults.run('cancelOrder', () => this.#cancel(symbol, clientOrderId));
  }

  async fetchOrder(symbol: string, clientOrderId: string): Promise<ExchangeOrder | null> {
    return this.#faults.run('fetchOrder', () => {
      const order = this.#find(symbol, clientOrderId);
      return order === null ? null : toExchangeOrder(order);
    });
  }

  /** Oldest first. Reads only the resting books, however many orders have been placed. */
  async fetchOpenOrders(symbol?: string): Promise<readonly ExchangeOrder[]> {
    const books = symbol === undefined ? [...this.#books.values()] : [this.#books.get(symbol)].filter((b) => b !== undefined);
    const open = books.flatMap((book) => book.resting).sort((a, b) => a.sequence - b.sequence);
    return Object.freeze(open.map(toExchangeOrder));
  }

  /** Orders filled (or partly filled) by candles since the last call: the paper exchange pushes its fills. */
  takeOrderUpdates(): readonly ExchangeOrder[] {
    const filled = this.#matcher.takeFilled();
    return filled === null ? EMPTY : filled.map(toExchangeOrder);
  }

  /** The next time `clientOrderId` matches a candle, only `amount` of it fills; the rest keeps resting. */
  limitNextFill(clientOrderId: string, amount: DecimalInput): void {
    this.#matcher.limitNextFill(clientOrderId, dec(amount));
  }

  /** The next call of `method` throws `error`, before doing anything or after applying the call. */
  failNext(method: FaultableMethod, error: Error, options?: FaultOptions): void {
    this.#faults.add(method, error, options);
  }

  balances(): Balances {
    return this.#ledger.snapshot();
  }

  /** Every order ever accepted, oldest first. */
  orders(): readonly ExchangeOrder[] {
    return Object.freeze([...this.#orders.values()].map(toExchangeOrder));
  }

  /**
   * Matches the resting orders of `symbol` against one closed candle, oldest first. A sell's
   * stop counts before its limit: a candle that reaches both fills the stop. Candles of
   * unknown symbols are ignored.
   */
  onCandle(symbol: string, candle: Candle): void {
    const book = this.#books.get(symbol);
    if (book !== undefined) this.onBookCandle(book, candle);
  }

  /** The order book of `symbol` (undefined: not listed), for a feed that shows it many candles. */
  bookOf(symbol: string): Book | undefined {
    return this.#books.get(symbol);
  }

  /** `onCandle` for a book already looked up with `bookOf`; `ahead`: the candle's series, where it can be read ahead. */
  onBookCandle(book: Book, candle: Candle, ahead?: LookAhead): void {
    book.lastClose = candle.close;
    if (book.resting.length === 0 || !mayFill(book, candle, ahead)) return;
    const resting = book.resting;
    let kept = 0;
    for (let i = 0; i < resting.length; i += 1) {
      const order = resting[i]!;
      if (candle.openTime < order.timestamp || !this.#matcher.match(order, candle)) resting[kept++] = order;
    }
    keepResting(book, kept);
  }

  #create(request: OrderRequest): ExchangeOrder {
    const book = this.#books.get(request.symbol);
    if (book === undefined) throw new OrderRefusedError(`unknown symbol ${request.symbol}`, 'bad_symbol');
    const { market } = book;
    if (this.#orders.has(request.clientOrderId)) {
      throw new DuplicateOrderError(`clientOrderId ${request.clientOrderId} is already used`, request.clientOrderId);
    }
    if (!this.supportsStopPrice && request.stopPrice) throw new OrderRefusedError(`${request.clientOrderId}: this exchange takes no stop prices`, 'invalid_order');
    validateOrderRequest(request, market, lastCloseOf(book));
    const currency = request.side === 'buy' ? market.quote : market.base;
    const reserved = request.side === 'buy' ? request.price!.times(request.amount).times(this.#makerFactor(market)) : request.amount;
    const free = this.#ledger.tryReserve(currency, reserved);
    if (free !== null) {
      throw new OrderRefusedError(
        `insufficient funds for ${request.type} ${request.side} ${request.clientOrderId}: needs ${reserved.toString()} ${currency}, free ${free.toString()}`,
        'insufficient_funds',
      );
    }
    this.#sequence += 1;
    const stopPrice = request.stopPrice ?? null;
    const order: PaperOrder = {
      sequence: this.#sequence,
      exchangeOrderId: `${this.id}-${this.#sequence}`,
      clientOrderId: request.clientOrderId,
      market,
      side: request.side,
      type: request.type,
      price: request.price,
      limit: request.price === null ? Number.NaN : request.price.toNumber(),
      stopPrice,
      stop: stopPrice === null ? Number.NaN : stopPrice.toNumber(),
      amount: request.amount,
      timestamp: this.#clock.now(),
      reserved,
      status: 'open',
      trades: [],
      filled: ZERO,
    };
    this.#orders.set(order.clientOrderId, order);
    addResting(book, order);
    return toExchangeOrder(order);
  }

  #cancel(symbol: string, clientOrderId: string): ExchangeOrder {
    const order = this.#find(symbol, clientOrderId);
    if (order === null) throw new OrderRefusedError(`no order ${clientOrderId} on ${symbol}`, 'order_not_found');
    if (order.status !== 'open') return toExchangeOrder(order);
    removeResting(this.#books.get(symbol)!, order);
    const { market } = order;
    this.#ledger.release(order.side === 'buy' ? market.quote : market.base, order.reserved);
    order.reserved = ZERO;
    order.status = 'canceled';
    this.#matcher.limitNextFill(clientOrderId, null);
    return toExchangeOrder(order);
  }

  /** The whole account as JSON-safe state: what a restart needs to find its orders again. */
  exportState(): PaperAccountState {
    return {
      version: 1,
      sequence: this.#sequence,
      accounts: this.#ledger.exportAccounts(),
      lastCloses: Object.fromEntries([...this.#books].map(([symbol, book]) => [symbol, lastCloseOf(book)])),
      orders: [...this.#orders.values()].map(paperOrderToState),
    };
  }

  /** Loads a saved account into this fresh exchange; its markets must include every order's. */
  importState(state: PaperAccountState): void {
    if (this.#orders.size > 0 || this.#sequence > 0) throw new Error('paper exchange: import a saved account only into a fresh exchange');
    if (state.version !== 1) throw new Error(`paper account state version ${String(state.version)} is not known`);
    this.#ledger.importAccounts(state.accounts);
    this.#sequence = state.sequence;
    for (const saved of [...state.orders].sort((a, b) => a.sequence - b.sequence)) {
      const book = this.#books.get(saved.symbol);
      if (!book) throw new Error(`paper account holds order ${saved.clientOrderId} on ${saved.symbol}, a market this exchange does not list`);
      const order = paperOrderFromState(saved, book.market);
      this.#orders.set(order.clientOrderId, order);
      if (order.status === 'open') addResting(book, order);
    }
    for (const [symbol, close] of Object.entries(state.lastCloses)) {
      const book = this.#books.get(symbol);
      if (book) book.lastClose = close ?? Number.NaN;
    }
  }

  /** 1 + makerFee of a market, worked out once. */
  #makerFactor(market: MarketRules): Decimal {
    let factor = this.#makerFactors.get(market);
    if (factor === undefined) {
      factor = ONE.plus(market.makerFee);
      this.#makerFactors.set(market, factor);
    }
    return factor;
  }

  #find(symbol: string, clientOrderId: string): PaperOrder | null {
    const order = this.#orders.get(clientOrderId);
    return order !== undefined && order.market.symbol === symbol ? order : null;
  }
}

const EMPTY: readonly ExchangeOrder[] = Object.freeze([]);
