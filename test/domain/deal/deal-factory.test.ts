import { describe, expect, it } from 'vitest';
import { DealFactory } from '../../../src/domain/deal/deal.factory.js';
import { OrderService } from '../../../src/domain/services/order.service.js';
import { dec } from '../../../src/domain/shared/decimal.js';
import { MARKET, pairWith } from '../services/exits/exit-fixtures.js';

describe('DealFactory', () => {
  const factory = new DealFactory(new OrderService());
  const input = { dealId: 'd5', pair: pairWith(), market: MARKET, price: dec('100'), at: 7_000, prefix: 'dlb-' };

  it('builds a pending deal around its new limit buy', () => {
    const created = factory.create(input);
    if (!created.ok) throw new Error(created.reason);
    expect([created.deal.id, created.deal.status, created.deal.createdAt, created.deal.buyOrder.clientOrderId, created.deal.buyOrder.status]).toEqual(['d5', 'pending', 7_000, 'dlb-d5-b1', 'new']);
  });

  it('passes a refusal of the buy terms on, and builds nothing', () => {
    expect(factory.create(input, { ok: false, reason: 'cost 0.5 is below the market minimum 1' })).toEqual({ ok: false, reason: 'cost 0.5 is below the market minimum 1' });
  });
});
