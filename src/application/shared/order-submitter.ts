import type { Deal } from '../../domain/deal/deal.entity.js';
import type { Order } from '../../domain/order/order.entity.js';
import { DuplicateOrderError, ExchangeError, OrderRefusedError } from '../../domain/ports/exchange.errors.js';
import type { OrderRequest } from '../../domain/ports/exchange.port.js';
import type { DealAction } from '../../domain/services/trading.service.js';
import { dealContext, persistDeal, type TradingContext } from './trading-context.js';

/**
 * Sends an order that is already persisted as `new`, exactly once, and records the answer.
 * A lost answer leaves the order `unknown` for reconciliation; it is never re-sent blindly.
 */
export async function submitOrder(ctx: TradingContext, deal: Deal, order: Order): Promise<void> {
  let actions: readonly DealAction[] = NO_ACTIONS;
  let failure: unknown = null;
  try {
    const answer = await ctx.exchange.createOrder(orderRequest(order));
    actions = ctx.trading.updateDealStatus(deal, answer, dealContext(ctx, deal.symbol, ctx.clock.now()));
  } catch (error) {
    if (error instanceof DuplicateOrderError) {
      const found = await ctx.exchange.fetchOrder(order.symbol, order.clientOrderId).catch(() => null);
      if (found) actions = ctx.trading.updateDealStatus(deal, found, dealContext(ctx, deal.symbol, ctx.clock.now()));
      else order.markUnknown(`duplicate answer, not yet found: ${error.message}`, ctx.clock.now());
    } else if (error instanceof OrderRefusedError) {
      order.reject(`${error.reason}: ${error.message}`, ctx.clock.now());
      actions = ctx.trading.advance(deal, dealContext(ctx, deal.symbol, ctx.clock.now()));
    } else if (error instanceof ExchangeError && error.code === 'EXCHANGE_FATAL') {
      order.reject(`not sent: ${error.message}`, ctx.clock.now());
      failure = error;
    } else {
      order.markUnknown(error instanceof Error ? error.message : String(error), ctx.clock.now());
      if (!(error instanceof ExchangeError)) failure = error;
    }
  }
  await persistDeal(ctx, deal);
  if (failure) throw failure;
  if (actions.length > 0) await runActions(ctx, deal, actions);
}

export async function runActions(ctx: TradingContext, deal: Deal, actions: readonly DealAction[]): Promise<void> {
  for (let i = 0; i < actions.length; i += 1) await submitOrder(ctx, deal, actions[i]!.order);
}

const NO_ACTIONS: readonly DealAction[] = Object.freeze([]);

/** What the exchange is asked to place; a stop price only where the order has one. */
function orderRequest(order: Order): OrderRequest {
  const { clientOrderId, symbol, side, type, amount, price, stopPrice } = order;
  return stopPrice === null ? { clientOrderId, symbol, side, type, amount, price } : { clientOrderId, symbol, side, type, amount, price, stopPrice };
}
