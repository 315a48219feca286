import { OrderRefusedError } from '../../../domain/ports/exchange.errors.js';
import type { OrderRequest } from '../../../domain/ports/exchange.port.js';
import { CLIENT_ORDER_ID_PATTERN } from '../../../domain/shared/client-order-id.js';
import { dec, isMultipleOfStep, sign, type Decimal } from '../../../domain/shared/decimal.js';
import type { MarketRules } from '../../../domain/shared/market-rules.js';

const refuse = (message: string): OrderRefusedError => new OrderRefusedError(message, 'invalid_order');

/**
 * The market's order rules, checked in the order a real exchange reports them. Throws
 * OrderRefusedError('invalid_order') naming the rule and the values.
 * `lastClose` prices a market order for the minimum cost check; unknown (null) skips that check.
 */
export function validateOrderRequest(request: OrderRequest, market: MarketRules, lastClose: number | null): void {
  const { clientOrderId, side, type, amount, price } = request;
  const what = `${type} ${side} ${clientOrderId} on ${market.symbol}`;
  if (!CLIENT_ORDER_ID_PATTERN.test(clientOrderId)) {
    throw refuse(`clientOrderId "${clientOrderId}" does not match ${CLIENT_ORDER_ID_PATTERN.source}`);
  }
  if (side !== 'buy' && side !== 'sell') throw refuse(`${what}: side must be buy or sell`);
  if (type === 'market') {
    if (side === 'buy') throw refuse(`${what}: market buys are not supported by the paper exchange; place a limit buy`);
    if (price !== null) throw refuse(`${what}: a market order takes no price, got ${price.toString()}`);
  } else if (type === 'limit') {
    if (price === null || sign(price) <= 0) throw refuse(`${what}: a limit order needs a price > 0, got ${String(price)}`);
  } else {
    throw refuse(`${what}: type must be limit or market`);
  }
  if (sign(amount) <= 0) throw refuse(`${what}: amount must be > 0, got ${amount.toString()}`);
  if (!isMultipleOfStep(amount, market.amountStep)) {
    throw refuse(`${what}: amount ${amount.toString()} is not a multiple of amountStep ${market.amountStep.toString()}`);
  }
  if (price !== null && !isMultipleOfStep(price, market.priceStep)) {
    throw refuse(`${what}: price ${price.toString()} is not a multiple of priceStep ${market.priceStep.toString()}`);
  }
  if (request.stopPrice !== undefined && request.stopPrice !== null) validateStop(request, request.stopPrice, market, lastClose, what);
  if (amount.lt(market.minAmount)) {
    throw refuse(`${what}: amount ${amount.toString()} is below minAmount ${market.minAmount.toString()}`);
  }
  const costPrice = price ?? (lastClose === null ? null : dec(lastClose));
  if (costPrice !== null) {
    const cost = costPrice.times(amount);
    if (cost.lt(market.minCost)) {
      const basis = price === null ? `last close ${costPrice.toString()}` : `price ${costPrice.toString()}`;
      throw refuse(`${what}: cost ${cost.toString()} (${basis} x amount ${amount.toString()}) is below minCost ${market.minCost.toString()}`);
    }
  }
}

/** A stop sells below the market: a sell, under its limit, on the price step, and not already reached. */
function validateStop(request: OrderRequest, stop: Decimal, market: MarketRules, lastClose: number | null, what: string): void {
  if (request.side !== 'sell') throw refuse(`${what}: only a sell takes a stop price`);
  if (sign(stop) <= 0) throw refuse(`${what}: a stop price must be > 0, got ${stop.toString()}`);
  if (!isMultipleOfStep(stop, market.priceStep)) throw refuse(`${what}: stop price ${stop.toString()} is not a multiple of priceStep ${market.priceStep.toString()}`);
  if (request.price !== null && stop.gte(request.price)) throw refuse(`${what}: stop price ${stop.toString()} must be below the limit price ${request.price.toString()}`);
  if (lastClose !== null && stop.gte(dec(lastClose))) throw refuse(`${what}: stop price ${stop.toString()} would trigger immediately (last price ${lastClose})`);
}
