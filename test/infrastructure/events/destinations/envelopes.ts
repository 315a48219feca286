import { randomUUID } from 'node:crypto';
import type { DomainEvent } from '../../../../src/domain/events.js';
import { toEnvelope, type EventEnvelope } from '../../../../src/infrastructure/events/event-envelope.js';

/** A fresh bot prefix per test, so its topics (`dealbot.<prefix>.*`) meet no other test's. */
export const uniquePrefix = (): string => `t${randomUUID().slice(0, 8)}-`;

const AT = Date.parse('2026-03-01T12:00:00.000Z');

/** Real domain events of one deal, in the order a run commits them. */
export function dealEvents(dealId: string, symbol = 'BTC/USDT', at = AT): DomainEvent[] {
  return [
    { type: 'DealOpened', occurredAt: at, dealId, symbol, buyOrderId: `${dealId}-b`, price: '100.5', amount: '0.1' },
    { type: 'OrderPlaced', occurredAt: at, dealId, symbol, orderId: `${dealId}-b`, side: 'buy', orderType: 'limit', price: '100.5', amount: '0.1', exchangeOrderId: null },
    { type: 'OrderFilled', occurredAt: at + 60_000, dealId, symbol, orderId: `${dealId}-b`, side: 'buy', tradeId: 't1', price: '100.5', amount: '0.1', fee: '0.01005', filled: '0.1', complete: true },
    { type: 'DealBought', occurredAt: at + 60_000, dealId, symbol, amount: '0.1', averagePrice: '100.5', sellOrderId: `${dealId}-s` },
    { type: 'DealClosed', occurredAt: at + 120_000, dealId, symbol, pnl: '0.09', fees: '0.0201', reason: 'take profit' },
    { type: 'OperatorActed', occurredAt: at + 180_000, action: 'pause', parameters: { symbol }, status: 200, outcome: 'paused BTC/USDT', idempotencyKey: null },
  ];
}

/** `count` envelopes with sequences from `first`, as the relay hands them to a destination. */
export function envelopes(prefix: string, count: number, first = 1): EventEnvelope[] {
  const events = dealEvents(`d${first}`);
  return Array.from({ length: count }, (_, i) => toEnvelope({ sequence: first + i, eventId: randomUUID(), event: events[i % events.length]! }, prefix));
}
