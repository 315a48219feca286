import { Deal } from '../../../src/domain/deal/deal.entity.js';
import type { DealStatus, DealTransition } from '../../../src/domain/deal/deal-status.js';
import { Order } from '../../../src/domain/order/order.entity.js';
import { dec } from '../../../src/domain/shared/decimal.js';
import type { DomainError } from '../../../src/domain/shared/domain-error.js';

export function buyOrder(dealId = 'd1'): Order {
  return Order.create({ clientOrderId: `dlb-${dealId}-b1`, dealId, symbol: 'BTC/USDT', side: 'buy', type: 'limit', price: dec('100'), amount: dec('2'), createdAt: 1_000 });
}

export function sellOrder(deal: Deal, attempt = 1): Order {
  return Order.create({ clientOrderId: `dlb-${deal.id}-s${attempt}`, dealId: deal.id, symbol: 'BTC/USDT', side: 'sell', type: 'limit', price: dec('101'), amount: deal.unsoldAmount.gt(0) ? deal.unsoldAmount : dec('1'), createdAt: 3_000 });
}

/** Applies one deal transition with its orders in the state that transition needs. */
export function performDeal(deal: Deal, transition: DealTransition): void {
  const buy = deal.buyOrder;
  switch (transition) {
    case 'buy_filled':
      if (!buy.isFinal) {
        buy.accept('e1', 2_000);
        buy.applyFill({ tradeId: 'b-t1', price: dec('100'), amount: dec('2'), fee: dec('0.2'), timestamp: 2_000 }, 2_000);
      }
      return deal.markBought(sellOrder(deal), 3_000);
    case 'buy_ended_unfilled':
      if (!buy.isFinal) buy.cancel(2_000, 'expired');
      return deal.cancel('buy expired', 2_000);
    case 'exit_triggered':
      return deal.startClosing('stop_loss', 4_000);
    case 'sold_out': {
      const sell = deal.sellOrder;
      if (sell && !sell.isFinal) {
        if (sell.status === 'new') sell.accept('e2', 4_000);
        sell.applyFill({ tradeId: 's-t1', price: dec('101'), amount: sell.remaining, fee: dec('0.202'), timestamp: 5_000 }, 5_000);
      }
      return deal.close(5_000);
    }
  }
}

export const DEAL_PATHS: Record<DealStatus, DealTransition[]> = {
  pending: [],
  open: ['buy_filled'],
  closing: ['buy_filled', 'exit_triggered'],
  closed: ['buy_filled', 'sold_out'],
  cancelled: ['buy_ended_unfilled'],
};

export function dealIn(status: DealStatus): Deal {
  const deal = Deal.open('d1', buyOrder(), 1_000);
  for (const t of DEAL_PATHS[status]) performDeal(deal, t);
  return deal;
}

/** The DomainError code `action` throws, or "did not throw". */
export function code(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    return (error as DomainError).code;
  }
  return 'did not throw';
}
