import { OrderRefusedError } from '../../domain/ports/exchange.errors.js';
import { CANCELLED_ON_EXIT } from '../../domain/services/dca/dca-deal.js';
import { dealContext, persistDeal, type TradingContext } from '../shared/trading-context.js';

/**
 * On exit, when the operator asks: cancels every resting order of the bot's working deals and
 * records the answers. Nothing new is sent; a deal left without its sell gets one on restart,
 * and a DCA deal places again (`d<n>r<k>`) the safety levels cancelled here.
 * Returns the client order ids that were cancelled.
 */
export async function cancelOpenOrders(ctx: TradingContext): Promise<string[]> {
  const cancelled: string[] = [];
  for (const deal of await ctx.uow.read((r) => r.deals.getOpenDeals())) {
    let changed = false;
    for (const order of deal.orders) {
      if (order.status !== 'open' && order.status !== 'partially_filled') continue;
      try {
        const answer = await ctx.exchange.cancelOrder(order.symbol, order.clientOrderId);
        ctx.trading.updateDealStatus(deal, answer, dealContext(ctx, deal.symbol, ctx.clock.now()), CANCELLED_ON_EXIT);
        cancelled.push(order.clientOrderId);
        changed = true;
      } catch (error) {
        if (!(error instanceof OrderRefusedError && error.reason === 'order_not_found')) throw error;
      }
    }
    if (changed) await persistDeal(ctx, deal);
  }
  return cancelled;
}
