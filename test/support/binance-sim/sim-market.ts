import { dec, type Decimal } from '../../../src/domain/shared/decimal.js';
import { BINANCE_RATE_LIMITS, type SimRateLimits } from './sim-limits.js';

/** One spot market of the simulated exchange, with Binance's filter values as decimal texts. */
export interface SimMarketSpec {
  readonly base: string;
  readonly quote: string;
  readonly tickSize: string;
  readonly stepSize: string;
  readonly minQty: string;
  readonly minNotional: string;
}

export interface SimMarket extends SimMarketSpec {
  /** Binance's market id, e.g. BTCUSDT. */
  readonly id: string;
  readonly tick: Decimal;
  readonly step: Decimal;
  readonly min: Decimal;
  readonly notional: Decimal;
}

export function simMarket(spec: SimMarketSpec): SimMarket {
  return { ...spec, id: `${spec.base}${spec.quote}`, tick: dec(spec.tickSize), step: dec(spec.stepSize), min: dec(spec.minQty), notional: dec(spec.minNotional) };
}

const MAX_PRICE = '1000000.00000000';
const MAX_QTY = '9000000.00000000';
const fixed = (value: string): string => dec(value).toFixed(8);

/** GET /api/v3/exchangeInfo: the fields of the public documentation that clients read. */
export function exchangeInfo(markets: readonly SimMarket[], serverTime: number, limits: SimRateLimits = BINANCE_RATE_LIMITS): unknown {
  return {
    timezone: 'UTC',
    serverTime,
    rateLimits: [
      { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: limits.requestWeightPerMinute },
      { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: limits.ordersPer10Seconds },
      { rateLimitType: 'ORDERS', interval: 'DAY', intervalNum: 1, limit: limits.ordersPerDay },
    ],
    exchangeFilters: [],
    symbols: markets.map((m) => ({
      symbol: m.id,
      status: 'TRADING',
      baseAsset: m.base,
      baseAssetPrecision: 8,
      quoteAsset: m.quote,
      quotePrecision: 8,
      quoteAssetPrecision: 8,
      baseCommissionPrecision: 8,
      quoteCommissionPrecision: 8,
      orderTypes: ['LIMIT', 'LIMIT_MAKER', 'MARKET', 'STOP_LOSS', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT', 'TAKE_PROFIT_LIMIT'],
      icebergAllowed: true,
      ocoAllowed: true,
      otoAllowed: false,
      quoteOrderQtyMarketAllowed: true,
      allowTrailingStop: true,
      cancelReplaceAllowed: true,
      isSpotTradingAllowed: true,
      isMarginTradingAllowed: false,
      filters: [
        { filterType: 'PRICE_FILTER', minPrice: fixed(m.tickSize), maxPrice: MAX_PRICE, tickSize: fixed(m.tickSize) },
        { filterType: 'LOT_SIZE', minQty: fixed(m.minQty), maxQty: MAX_QTY, stepSize: fixed(m.stepSize) },
        { filterType: 'NOTIONAL', minNotional: fixed(m.minNotional), applyMinToMarket: true, maxNotional: '9000000.00000000', applyMaxToMarket: false, avgPriceMins: 5 },
      ],
      permissions: [],
      permissionSets: [['SPOT']],
      defaultSelfTradePreventionMode: 'EXPIRE_MAKER',
      allowedSelfTradePreventionModes: ['EXPIRE_TAKER', 'EXPIRE_MAKER', 'EXPIRE_BOTH'],
    })),
  };
}

const onStep = (value: Decimal, step: Decimal): boolean => step.lte(0) || value.mod(step).eq(0);

const offPriceFilter = (market: SimMarket, price: Decimal | null): boolean => price !== null && (price.lt(market.tick) || price.gt(MAX_PRICE) || !onStep(price, market.tick));

/**
 * The filter a new order breaks, as Binance names it in "Filter failure: X"; null when it passes.
 * PRICE_FILTER holds for price and stopPrice alike (filters.md).
 */
export function brokenFilter(market: SimMarket, quantity: Decimal, price: Decimal | null, lastPrice: Decimal | null, stopPrice: Decimal | null = null): string | null {
  if (offPriceFilter(market, price) || offPriceFilter(market, stopPrice)) return 'PRICE_FILTER';
  if (quantity.lt(market.min) || quantity.gt(MAX_QTY) || !onStep(quantity, market.step)) return 'LOT_SIZE';
  const notionalPrice = price ?? lastPrice;
  if (notionalPrice !== null && notionalPrice.times(quantity).lt(market.notional)) return 'NOTIONAL';
  return null;
}
