import type { Deal } from '../../domain/deal/deal.entity.js';
import type { Order } from '../../domain/order/order.entity.js';
import { DuplicateOrderError, ExchangeError, OrderRefusedError } from '../../domain/ports/exchange.errors.js';
import type { DealAction } from '../../domain/services/trading.service.js';
import { dealContext, persistDeal, type TradingContext } from './trading-context.js';

/**
 * Sends an order that is already persisted as `new`, exactly once, and records the answer.
 * A lost answer leaves the order `unknown` for reconciliation; it is never re-sent blindly.
 */
export async function submitOrder(ctx: TradingContext, deal: Deal, order: Order): Promise<void> {
  const at = (): number => ctx.clock.now();
  let actions: DealAction[] = [];
  let failure: unknown = null;
  try {
    const stopPrice = order.stopPrice;
    const answer = await ctx.exchange.createOrder({ clientOrderId: order.clientOrderId, symbol: order.symbol, side: order.side, type: order.type, amount: order.amount, price: order.price, ...(stopPrice === null ? {} : { stopPrice }) });
    actions = ctx.trading.updateDealStatus(deal, answer, dealContext(ctx, deal.symbol, at()));
  } catch (error) {
    if (error instanceof DuplicateOrderError) {
      const found = await ctx.exchange.fetchOrder(order.symbol, order.clientOrderId).catch(() => null);
      if (found) actions = ctx.trading.updateDealStatus(deal, found, dealContext(ctx, deal.symbol, at()));
      else order.markUnknown(`duplicate answer, not yet found: ${error.message}`, at());
    } else if (error instanceof OrderRefusedError) {
      order.reject(`${error.reason}: ${error.message}`, at());
      actions = ctx.trading.advance(deal, dealContext(ctx, deal.symbol, at()));
    } else if (error instanceof ExchangeError && error.code === 'EXCHANGE_FATAL') {
      order.reject(`not sent: ${error.message}`, at());
      failure = error;
    } else {
      order.markUnknown(error instanceof Error ? error.message : String(error), at());
      if (!(error instanceof ExchangeError)) failure = error;
    }
  }
  await persistDeal(ctx, deal);
  if (failure) throw failure;
  await runActions(ctx, deal, actions);
}

export async function runActions(ctx: TradingContext, deal: Deal, actions: readonly DealAction[]): Promise<void> {
  for (const action of actions) await submitOrder(ctx, deal, action.order);
}
