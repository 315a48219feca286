import type { OrderRateLimit } from './order-budget.js';

/** A ccxt.pro price stream: the last trade price of watchTickers, or the best bid of watchBidsAsks. */
export interface PriceStreamCapability {
  readonly method: 'watchTickers' | 'watchBidsAsks';
  /** Params of the method (e.g. which of the exchange's ticker channels). */
  readonly params: Readonly<Record<string, unknown>>;
}

/**
 * What differs between exchanges, as data: the connector and the feed read these fields and
 * never branch on the exchange id. Add an exchange by adding an entry to OVERRIDES.
 */
export interface ExchangeCapabilities {
  /** The createOrder param that carries the bot's clientOrderId. */
  readonly clientOrderIdParam: string;
  /** The fetchOrder / cancelOrder param that names an order by clientOrderId. */
  readonly clientOrderIdLookupParam: string;
  /** Substrings of exchange answers meaning "an order with this clientOrderId already exists". */
  readonly duplicateOrderMessages: readonly string[];
  /** HTTP statuses meaning this IP or key is banned: stop trading. */
  readonly banStatuses: readonly number[];
  /** Trades of an order can be read (fetchOrderTrades), so fills carry trade ids and fees. */
  readonly fetchOrderTrades: boolean;
  /** fetchOpenOrders works without a symbol. */
  readonly fetchOpenOrdersWithoutSymbol: boolean;
  /** Websocket candles (ccxt.pro watchOHLCV) are available. */
  readonly watchOHLCV: boolean;
  /**
   * The websocket price stream that feeds exits between candle closes; null where there is none
   * (then REST polls with fetchTickers, where it can, or exits wait for candle closes).
   */
  readonly priceStream: PriceStreamCapability | null;
  /** fetchTickers answers the last prices of a list of symbols in one request. */
  readonly fetchTickers: boolean;
  /** Websocket order updates (ccxt.pro watchOrders) are available. */
  readonly watchOrders: boolean;
  /**
   * Params of ccxt.pro `authenticate()` where it subscribes the user-data stream and resolves
   * once the exchange confirmed it (Binance spot); null where only a first event proves it.
   */
  readonly watchOrdersAuthenticate: Readonly<Record<string, unknown>> | null;
  /**
   * The account's balances come on the order stream's connection, the raw messages read as this
   * names ('binance': outboundAccountPosition, binance-account-events.ts), and fetchBalance answers
   * from them while the stream vouches (balance-book.ts). null: every balance is read over REST.
   */
  readonly balanceStream: 'binance' | null;
  /**
   * The account's own maker/taker rates can be read (ccxt fetchTradingFees, signed); without,
   * markets carry ccxt's default rates for the exchange.
   */
  readonly fetchTradingFees: boolean;
  /**
   * Order requests (create, cancel, read of one order) in flight at once: the bot's bound under
   * the exchange's order rate limits; ccxt's rate limiter still spaces them by their weights.
   */
  readonly orderConcurrency: number;
  /**
   * How the exchange holds a sell's stop: 'binance-oco' (Binance spot: a take profit with a stop
   * is one OCO list, POST /api/v3/orderList/oco; a stop alone a STOP_LOSS order; see oco-lists.ts).
   * null: no stops on the exchange, the bot sells at market itself when the price reaches them.
   */
  readonly stopOrders: 'binance-oco' | null;
  /**
   * How ccxt spaces requests by their weight: 'leakyBucket' (ccxt's default: each request's
   * weight delays the next, at the exchange's average rate) or 'rollingWindow' (requests go out
   * at once while the weight sent in the last minute stays within the exchange's limit, which is
   * how Binance counts it: a tick's requests are not queued behind a balance read's weight).
   */
  readonly requestLimiter: 'leakyBucket' | 'rollingWindow';
  /** The exchange's limits on new orders, which ccxt does not keep: the connector waits rather than pass one (order-budget.ts). */
  readonly orderRateLimits: readonly OrderRateLimit[];
  /** Candles per fetchOHLCV page. */
  readonly ohlcvPageLimit: number;
  /** ccxt `options` for this exchange: spot only, no calls the bot does not need. */
  readonly ccxtOptions: Readonly<Record<string, unknown>>;
}

/**
 * Candles ccxt.pro keeps per symbol from the websocket (its default: 1000, about 100 bytes each):
 * as many as the candle stream reads of them on each update, the newest three
 * (market-data/ccxt/candle-stream.ts); older ones nothing reads (a day at 100 pairs would hold
 * 100,000 arrays; 16 kept were ~0.3 MB at 100 pairs, 3 are ~0.07 MB).
 */
export const STREAM_CANDLES_KEPT = 3;

export const DEFAULT_CAPABILITIES: ExchangeCapabilities = Object.freeze({
  clientOrderIdParam: 'clientOrderId',
  clientOrderIdLookupParam: 'clientOrderId',
  duplicateOrderMessages: [],
  banStatuses: [418],
  fetchOrderTrades: false,
  fetchOpenOrdersWithoutSymbol: true,
  watchOHLCV: false,
  priceStream: null,
  fetchTickers: false,
  watchOrders: false,
  watchOrdersAuthenticate: null,
  balanceStream: null,
  fetchTradingFees: false,
  orderConcurrency: 4,
  stopOrders: null,
  requestLimiter: 'leakyBucket',
  orderRateLimits: [],
  ohlcvPageLimit: 500,
  ccxtOptions: { defaultType: 'spot', OHLCVLimit: STREAM_CANDLES_KEPT },
});

const BINANCE: Partial<ExchangeCapabilities> = {
  clientOrderIdParam: 'newClientOrderId',
  clientOrderIdLookupParam: 'origClientOrderId',
  // {"code":-2010,"msg":"Duplicate order sent."}: ccxt reports it as a plain InvalidOrder.
  duplicateOrderMessages: ['Duplicate order sent'],
  fetchOrderTrades: true,
  watchOHLCV: true,
  // <symbol>@miniTicker: the last price, pushed at most once a second (web-socket-streams.md)
  priceStream: { method: 'watchTickers', params: { name: 'miniTicker' } },
  // GET /api/v3/ticker/24hr?symbols=[...]
  fetchTickers: true,
  watchOrders: true,
  watchOrdersAuthenticate: { type: 'spot' },
  // outboundAccountPosition on the user-data stream watchOrders subscribes
  balanceStream: 'binance',
  // GET /sapi/v1/asset/tradeFee: every symbol's makerCommission / takerCommission
  fetchTradingFees: true,
  // 10 order requests in flight; their rate is bounded by the limits below
  orderConcurrency: 10,
  // REQUEST_WEIGHT 6,000 per minute: ccxt's weights for binance are 0.2 per weight at 50 ms, over its 60 s window
  requestLimiter: 'rollingWindow',
  // exchangeInfo's ORDERS limits for spot: 100 per 10 SECOND, 200,000 per DAY
  orderRateLimits: [
    { orders: 100, perMs: 10_000 },
    { orders: 200_000, perMs: 86_400_000 },
  ],
  // POST /api/v3/orderList/oco, DELETE /api/v3/orderList, GET /api/v3/orderList and /openOrderList
  stopOrders: 'binance-oco',
  ohlcvPageLimit: 1000,
  ccxtOptions: {
    defaultType: 'spot',
    OHLCVLimit: STREAM_CANDLES_KEPT,
    fetchMarkets: { types: ['spot'] },
    fetchCurrencies: false,
    fetchMargins: false,
    fetchOpenOrders: { warnWithoutSymbol: false },
  },
};

const OVERRIDES: Readonly<Record<string, Partial<ExchangeCapabilities>>> = {
  binance: BINANCE,
  // Binance.US documents only the older POST /api/v3/order/oco: no stops on the exchange there until tested
  binanceus: { ...BINANCE, stopOrders: null },
};

/** What an exchange's test network (ccxt's sandbox) lacks beside the real one. */
const SANDBOX_OVERRIDES: Readonly<Record<string, Partial<ExchangeCapabilities>>> = {
  // the spot testnet has no /sapi endpoints: markets keep ccxt's default rates
  binance: { fetchTradingFees: false },
  binanceus: { fetchTradingFees: false },
};

/** The defaults, then the exchange's entry (and its test network's), then the caller's overrides. */
export function capabilitiesFor(exchangeId: string, overrides: Partial<ExchangeCapabilities> = {}, network: { readonly sandbox: boolean } = { sandbox: false }): ExchangeCapabilities {
  const sandbox = network.sandbox ? (SANDBOX_OVERRIDES[exchangeId] ?? {}) : {};
  return Object.freeze({ ...DEFAULT_CAPABILITIES, ...(OVERRIDES[exchangeId] ?? {}), ...sandbox, ...overrides });
}
