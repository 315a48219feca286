import type { Order } from 'ccxt';
import { OrderRefusedError } from '../../../domain/ports/exchange.errors.js';
import type { ExchangeOrder, OrderRequest } from '../../../domain/ports/exchange.port.js';
import type { MarketRules } from '../../../domain/shared/market-rules.js';
import type { CcxtCalls } from './ccxt-calls.js';
import type { CcxtClient } from './ccxt-client.js';
import { listOrder, ocoSellParams, parseOrderList, type ListLeg, type OrderListView } from './oco-lists.js';
import type { OrderTranslator } from './order-translator.js';

/** Binance's order list endpoints, reached through ccxt's implicit API methods (its createOrder never sends an OCO). */
interface ListApi {
  privatePostOrderListOco(params: Record<string, string>): Promise<unknown>;
  privateDeleteOrderList(params: Record<string, string>): Promise<unknown>;
  privateGetOrderList(params: Record<string, string>): Promise<unknown>;
  privateGetOpenOrderList(params?: Record<string, string>): Promise<unknown>;
}

/** Whether a ccxt order is a leg of an order list (Binance: orderListId, `g` in an executionReport, other than -1). */
export function isListLeg(order: Order): boolean {
  const info = order.info as Record<string, unknown> | undefined;
  const id = info?.['orderListId'] ?? info?.['g'];
  return id !== undefined && id !== null && Number(id) !== -1;
}

/**
 * The connector's OCO lists: each is ONE ExchangeOrder under the bot's clientOrderId (see
 * oco-lists.ts). Lists this connector placed or found are remembered, so that their lookups go
 * to the list endpoints first; any other id is looked up as a plain order first (ccxt-exchange.ts).
 */
export class OrderLists {
  readonly #known = new Set<string>();

  constructor(
    private readonly client: CcxtClient,
    private readonly calls: CcxtCalls,
    private readonly translator: OrderTranslator,
  ) {}

  /** A list this connector placed or read: its clientOrderId names a list. */
  isKnown(clientOrderId: string): boolean {
    return this.#known.has(clientOrderId);
  }

  /** Sends the OCO list once (never retried); its legs as the answer gives them. */
  async place(request: OrderRequest, market: MarketRules): Promise<ExchangeOrder> {
    const { clientOrderId, symbol } = request;
    const params = ocoSellParams(request, this.#marketId(symbol));
    this.#known.add(clientOrderId);
    let answer: unknown;
    try {
      answer = await this.#api.privatePostOrderListOco(params);
    } catch (error) {
      throw this.calls.fail(error, 'create', `createOrderList oco sell ${symbol} ${clientOrderId}`, clientOrderId);
    }
    return this.#fromReports(answer, market);
  }

  /** Cancels the whole list; fills before the cancel count. An ended list answers how it ended. */
  async cancel(market: MarketRules, clientOrderId: string): Promise<ExchangeOrder> {
    const action = `cancelOrderList ${market.symbol} ${clientOrderId}`;
    let answer: unknown;
    try {
      answer = await this.#api.privateDeleteOrderList({ symbol: this.#marketId(market.symbol), listClientOrderId: clientOrderId });
    } catch (error) {
      const refused = this.calls.fail(error, 'cancel', action, clientOrderId);
      if (refused instanceof OrderRefusedError && refused.reason === 'order_not_found') {
        const ended = await this.fetch(market, clientOrderId);
        if (ended !== null && ended.status !== 'open') return ended;
      }
      throw refused;
    }
    return this.#fromReports(answer, market);
  }

  /** The list with this clientOrderId, both legs read; null when the exchange has no such list. */
  async fetch(market: MarketRules, clientOrderId: string): Promise<ExchangeOrder | null> {
    let raw: unknown;
    try {
      raw = await this.calls.read(`fetchOrderList ${market.symbol} ${clientOrderId}`, () => this.#api.privateGetOrderList({ origClientOrderId: clientOrderId }));
    } catch (error) {
      if (error instanceof OrderRefusedError && error.reason === 'order_not_found') return null;
      throw error;
    }
    const list = parseOrderList(raw);
    if (list.symbol !== this.#marketId(market.symbol)) return null;
    this.#known.add(clientOrderId);
    return this.#withLegs(list, market);
  }

  /** The executing lists (of `markets`' symbols), one order each. */
  async open(markets: readonly MarketRules[]): Promise<ExchangeOrder[]> {
    const raw = await this.calls.read('fetchOpenOrderLists', () => this.#api.privateGetOpenOrderList());
    const byId = new Map(markets.map((m) => [this.#marketId(m.symbol), m]));
    const out: ExchangeOrder[] = [];
    for (const entry of Array.isArray(raw) ? raw : []) {
      const list = parseOrderList(entry);
      const market = byId.get(list.symbol);
      if (market === undefined) continue;
      this.#known.add(list.listClientOrderId);
      out.push(await this.#withLegs(list, market));
    }
    return out;
  }

  /** A POST or DELETE answer: the list with its legs' reports (trades read where a leg filled). */
  async #fromReports(answer: unknown, market: MarketRules): Promise<ExchangeOrder> {
    const list = parseOrderList(answer);
    const reports = (answer as { orderReports?: unknown }).orderReports;
    if (!Array.isArray(reports) || reports.length !== list.legs.length) return this.#withLegs(list, market);
    const ccxtMarket = this.client.market(market.symbol);
    const legs: ListLeg[] = [];
    for (const report of reports as Record<string, unknown>[]) {
      const raw = this.client.parseOrder(report, ccxtMarket);
      // a cancel answer's clientOrderId is the cancel request's own; origClientOrderId is the leg's
      const legId = String(report['origClientOrderId'] ?? report['clientOrderId']);
      legs.push({ raw, order: await this.translator.complete(raw, market, legId) });
    }
    return listOrder(list, legs, market.symbol);
  }

  /** Reads each leg (GET /api/v3/order by orderId, then its trades where it filled). */
  async #withLegs(list: OrderListView, market: MarketRules): Promise<ExchangeOrder> {
    const legs: ListLeg[] = [];
    for (const leg of list.legs) {
      const raw = await this.calls.read(`fetchOrder ${market.symbol} ${leg.clientOrderId}`, () => this.client.fetchOrder(leg.orderId, market.symbol));
      legs.push({ raw, order: await this.translator.complete(raw, market, leg.clientOrderId) });
    }
    return listOrder(list, legs, market.symbol);
  }

  #marketId(symbol: string): string {
    return String(this.client.market(symbol).id);
  }

  get #api(): ListApi {
    return this.client as unknown as ListApi;
  }
}
