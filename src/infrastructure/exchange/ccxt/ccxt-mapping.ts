import type { Market, OHLCV, Order, Trade, Balances as CcxtBalances, Fee } from 'ccxt';
import { OrderRefusedError, TemporaryExchangeError } from '../../../domain/ports/exchange.errors.js';
import type { Balances, ExchangeOrder, ExchangeOrderStatus, ExchangeTrade, OrderRequest } from '../../../domain/ports/exchange.port.js';
import type { OrderSide, OrderType } from '../../../domain/order/order.types.js';
import type { Candle } from '../../../domain/shared/candle.js';
import { dec, sumDecimals, ZERO, type Decimal } from '../../../domain/shared/decimal.js';
import type { MarketRules } from '../../../domain/shared/market-rules.js';

/** ccxt's precision modes (ccxt/js/src/base/functions/number.js). */
const DECIMAL_PLACES = 2;
const TICK_SIZE = 4;

const num = (value: number | string | undefined | null, fallback: Decimal = ZERO): Decimal => (value === undefined || value === null ? fallback : dec(value));

const malformed = (what: string): TemporaryExchangeError => new TemporaryExchangeError(`exchange answer without ${what}`);

/** A step size from ccxt's precision value: a step in TICK_SIZE mode, a number of decimals in DECIMAL_PLACES mode. */
export function precisionStep(value: number | undefined, mode: number): Decimal {
  if (value === undefined || value === null) return ZERO;
  if (mode === TICK_SIZE) return dec(value);
  if (mode === DECIMAL_PLACES) return dec(1).div(dec(10).pow(value));
  throw new Error(`ccxt precision mode ${mode} (significant digits) has no step size; add support before trading this exchange`);
}

/** Spot markets that trade, as the domain's MarketRules. */
export function toMarketRules(markets: readonly Market[], precisionMode: number): MarketRules[] {
  const rules: MarketRules[] = [];
  for (const m of markets) {
    if (m === undefined || m.spot !== true || m.active === false) continue;
    rules.push(
      Object.freeze({
        symbol: m.symbol,
        base: m.base,
        quote: m.quote,
        amountStep: precisionStep(m.precision.amount, precisionMode),
        priceStep: precisionStep(m.precision.price, precisionMode),
        minAmount: num(m.limits.amount?.min),
        minCost: num(m.limits.cost?.min),
        makerFee: num(m.maker),
        takerFee: num(m.taker),
      }),
    );
  }
  return rules.sort((a, b) => a.symbol.localeCompare(b.symbol));
}

export function toCandle(row: OHLCV): Candle {
  const [openTime, open, high, low, close, volume] = row;
  if (openTime === undefined || open === undefined || high === undefined || low === undefined || close === undefined) throw malformed('complete candle');
  return { openTime, open, high, low, close, volume: volume ?? 0 };
}

export function toBalances(balance: CcxtBalances): Balances {
  const out: Record<string, { free: Decimal; used: Decimal; total: Decimal }> = {};
  const totals = (balance['total'] ?? {}) as unknown as Record<string, number | undefined>;
  for (const currency of Object.keys(totals)) {
    const entry = balance[currency];
    if (entry === undefined) continue;
    out[currency] = Object.freeze({ free: num(entry.free), used: num(entry.used), total: num(entry.total) });
  }
  return Object.freeze(out);
}

/** A third-currency fee's value in the quote currency, where a price is known; null otherwise. */
export type FeeValue = (currency: string, quote: string, amount: Decimal) => Decimal | null;

/** A ccxt fee as the port's: the amount in its own currency (absent: the quote), and a third currency's quote value. */
export function portFee(fee: Fee, market: { base: string; quote: string }, value: FeeValue): { fee: Decimal; feeCurrency?: string; feeQuote?: Decimal | null } {
  if (fee === undefined || fee.cost === undefined || fee.cost === null) return { fee: ZERO };
  const amount = dec(fee.cost);
  const currency = fee.currency;
  if (currency === undefined || currency === null || currency === market.quote) return { fee: amount };
  if (currency === market.base) return { fee: amount, feeCurrency: currency };
  return { fee: amount, feeCurrency: currency, feeQuote: amount.eq(0) ? ZERO : value(currency, market.quote, amount) };
}

export function toTrade(trade: Trade, market: { base: string; quote: string }, value: FeeValue): ExchangeTrade {
  if (trade.id === undefined || trade.price === undefined || trade.amount === undefined) throw malformed('trade id, price or amount');
  return Object.freeze({ id: trade.id, price: dec(trade.price), amount: dec(trade.amount), ...portFee(trade.fee, market, value), timestamp: trade.timestamp ?? 0 });
}

const STATUSES: Readonly<Record<string, ExchangeOrderStatus>> = { open: 'open', canceling: 'open', closed: 'closed', canceled: 'canceled', cancelled: 'canceled', expired: 'expired', rejected: 'rejected' };

export interface OrderMappingContext {
  readonly market: { readonly symbol: string; readonly base: string; readonly quote: string };
  /** The clientOrderId the bot used: some answers (Binance's cancel) carry another one. */
  readonly clientOrderId?: string;
  /** Trades read separately; null when the exchange gave only totals. */
  readonly trades: readonly ExchangeTrade[] | null;
  readonly feeValue: FeeValue;
}

export function toExchangeOrder(order: Order, ctx: OrderMappingContext): ExchangeOrder {
  const status = STATUSES[order.status ?? ''];
  const clientOrderId = ctx.clientOrderId ?? order.clientOrderId;
  if (order.id === undefined || status === undefined || clientOrderId === undefined || order.amount === undefined) throw malformed('id, status, clientOrderId or amount');
  const side = order.side as OrderSide;
  const type: OrderType = order.type === 'market' ? 'market' : 'limit';
  const price = type === 'limit' && order.price !== undefined ? dec(order.price) : null;
  const filled = num(order.filled);
  const trades = ctx.trades;
  // with trades, the totals are theirs; the order's own fee is read only where it gave none
  const fee = trades !== null && trades.length > 0 ? { fee: sumDecimals(trades.map((t) => t.fee)), ...(trades[0]?.feeCurrency !== undefined && { feeCurrency: trades[0].feeCurrency }) } : portFee(order.fee, ctx.market, ctx.feeValue);
  const cost = trades !== null && trades.length > 0 ? sumDecimals(trades.map((t) => t.price.times(t.amount))) : num(order.cost, filled.times(num(order.average, price ?? ZERO)));
  return Object.freeze({
    exchangeOrderId: order.id,
    clientOrderId,
    symbol: order.symbol ?? ctx.market.symbol,
    side,
    type,
    price,
    amount: dec(order.amount),
    status,
    filled,
    cost,
    fee: fee.fee,
    ...(fee.feeCurrency !== undefined && { feeCurrency: fee.feeCurrency }),
    trades: trades === null ? null : Object.freeze([...trades]),
    timestamp: order.timestamp ?? 0,
  });
}

const offStep = (value: Decimal, step: Decimal): boolean => step.gt(0) && !value.mod(step).eq(0);

/** ccxt would round an off-step amount or price silently; the order the bot stored must be the order sent. */
export function checkSteps(request: OrderRequest, market: MarketRules): void {
  const what = `${request.clientOrderId} on ${market.symbol}`;
  if (offStep(request.amount, market.amountStep)) throw new OrderRefusedError(`${what}: amount ${request.amount.toString()} is not a multiple of ${market.amountStep.toString()}`, 'invalid_order');
  if (request.price !== null && offStep(request.price, market.priceStep)) throw new OrderRefusedError(`${what}: price ${request.price.toString()} is not a multiple of ${market.priceStep.toString()}`, 'invalid_order');
}
