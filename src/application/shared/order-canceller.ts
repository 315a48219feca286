import type { Deal } from '../../domain/deal/deal.entity.js';
import type { Order } from '../../domain/order/order.entity.js';
import { OrderOutcomeUnknownError, OrderRefusedError, TemporaryExchangeError } from '../../domain/ports/exchange.errors.js';
import type { TradingContext } from './trading-context.js';

/**
 * Cancels one of a deal's orders and applies the answer, fills it reveals included; an order
 * never sent is withdrawn locally. The deal is not moved on (the caller advances it).
 * False when the exchange could not be reached or did not answer: try again later.
 */
export async function cancelDealOrder(ctx: TradingContext, deal: Deal, order: Order, reason: string): Promise<boolean> {
  const at = ctx.clock.now();
  if (ctx.trading.orders.cancelOrder(order, at, reason) !== 'ask_exchange') return true;
  try {
    const answer = await ctx.exchange.cancelOrder(deal.symbol, order.clientOrderId);
    ctx.trading.orders.applyUpdate(order, answer, at, reason);
    return true;
  } catch (error) {
    if (error instanceof TemporaryExchangeError || error instanceof OrderOutcomeUnknownError) return false;
    if (!(error instanceof OrderRefusedError) || error.reason !== 'order_not_found') throw error;
  }
  const found = await ctx.exchange.fetchOrder(deal.symbol, order.clientOrderId);
  if (found) ctx.trading.orders.applyUpdate(order, found, at, reason);
  else order.reject(`${reason}; the exchange has no such order`, at);
  return true;
}
