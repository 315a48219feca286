import type { CurrencyPair } from '../currency-pair/currency-pair.entity.js';
import type { BuyTerms, OrderService } from '../services/order.service.js';
import type { Decimal } from '../shared/decimal.js';
import type { MarketRules } from '../shared/market-rules.js';
import { Deal } from './deal.entity.js';

export type DealCreation = { readonly ok: true; readonly deal: Deal } | { readonly ok: false; readonly reason: string };

/** Builds a pending deal with its limit buy (status `new`, not yet sent). */
export class DealFactory {
  constructor(private readonly orders: OrderService) {}

  create(input: { dealId: string; pair: CurrencyPair; market: MarketRules; price: Decimal; at: number; prefix: string }, terms?: BuyTerms): DealCreation {
    const intent = this.orders.placeBuyOrder(input, terms);
    if (!intent.ok) return intent;
    return { ok: true, deal: Deal.open(input.dealId, intent.order, input.at, input.pair.bot) };
  }
}
