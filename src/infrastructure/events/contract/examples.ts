import type { DomainEvent } from '../../../domain/events.js';
import { toEnvelope, type EventEnvelope } from '../event-envelope.js';
import type { EventType } from './index.js';

const PREFIX = 'dlb-';
const DEAL = 'k3x9a2m0001';
const OTHER = 'k3x9a2m0002';
const THIRD = 'k3x9a2m0003';
const T0 = Date.UTC(2024, 4, 1, 12, 30, 0, 0);
const minutes = (n: number): number => T0 + n * 60_000;
const eth = { symbol: 'ETH/USDT' } as const;

/**
 * One realistic event per type, as the domain emits them: deal k3x9a2m0001 buys 0.0333 ETH at
 * 3000 USDT (maker fee 0.1 %) and is closed by its trailing stop at 3045.5 (taker fee 0.2 %);
 * the buy of k3x9a2m0002 is lost and resolved by the operator; k3x9a2m0003's sells keep failing.
 * Sequence and time rise together. A type without an example fails to compile.
 */
const EVENTS: { readonly [T in EventType]: Extract<DomainEvent, { type: T }> } = {
  DealOpened: { type: 'DealOpened', occurredAt: minutes(0), dealId: DEAL, ...eth, buyOrderId: `${PREFIX}${DEAL}-b1`, price: '3000', amount: '0.0333' },
  OrderPlaced: { type: 'OrderPlaced', occurredAt: minutes(0), orderId: `${PREFIX}${DEAL}-b1`, dealId: DEAL, ...eth, side: 'buy', orderType: 'limit', price: '3000', amount: '0.0333', exchangeOrderId: '8391047712' },
  OrderFilled: { type: 'OrderFilled', occurredAt: minutes(3), orderId: `${PREFIX}${DEAL}-b1`, dealId: DEAL, ...eth, side: 'buy', tradeId: '412998301', price: '3000', amount: '0.0333', fee: '0.0999', filled: '0.0333', complete: true },
  DealBought: { type: 'DealBought', occurredAt: minutes(3), dealId: DEAL, ...eth, amount: '0.0333', averagePrice: '3000', sellOrderId: `${PREFIX}${DEAL}-s1` },
  DealClosing: { type: 'DealClosing', occurredAt: minutes(95), dealId: DEAL, ...eth, reason: 'trailing_stop' },
  OrderCancelled: { type: 'OrderCancelled', occurredAt: minutes(95), orderId: `${PREFIX}${DEAL}-s1`, dealId: DEAL, ...eth, side: 'sell', status: 'canceled', filled: '0', reason: 'trailing_stop' },
  DealClosed: { type: 'DealClosed', occurredAt: minutes(96), dealId: DEAL, ...eth, pnl: '1.2124197', fees: '0.3027303', reason: 'trailing_stop' },
  OrderOutcomeUnknown: { type: 'OrderOutcomeUnknown', occurredAt: minutes(100), orderId: `${PREFIX}${OTHER}-b1`, dealId: OTHER, ...eth, side: 'buy', reason: 'no answer from the exchange within 10000 ms' },
  OrderResolvedByOperator: {
    type: 'OrderResolvedByOperator',
    occurredAt: minutes(110),
    orderId: `${PREFIX}${OTHER}-b1`,
    dealId: OTHER,
    ...eth,
    side: 'buy',
    resolution: 'canceled',
    note: 'not in the exchange order history',
    localStatus: 'unknown',
    exchangeSaid: 'no such order',
  },
  DealCancelled: { type: 'DealCancelled', occurredAt: minutes(110), dealId: OTHER, ...eth, reason: 'resolved by the operator (the exchange has no trace of it): not in the exchange order history' },
  OrderRejected: { type: 'OrderRejected', occurredAt: minutes(140), orderId: `${PREFIX}${THIRD}-s3`, dealId: THIRD, ...eth, side: 'sell', reason: 'insufficient funds: ETH balance 0.02 is below the order amount 0.0333' },
  DealWaiting: { type: 'DealWaiting', occurredAt: minutes(140), dealId: THIRD, ...eth, reason: '3 sells failed (last: insufficient funds: ETH balance 0.02 is below the order amount 0.0333); close or cancel the deal by hand' },
  OperatorActed: { type: 'OperatorActed', occurredAt: minutes(150), action: 'pause', parameters: { pair: 'ETH/USDT', for: '30m', reason: 'exchange maintenance' }, status: 200, outcome: 'new deals paused on ETH/USDT for 30m', idempotencyKey: '5f0c2d9e-7a41-4c1b-9d2e-0b6f3a8e1c47' },
  TradingPaused: { type: 'TradingPaused', occurredAt: minutes(150), symbol: 'ETH/USDT', until: minutes(180), reason: 'exchange maintenance' },
  TradingResumed: { type: 'TradingResumed', occurredAt: minutes(175), symbol: null },
};

const EVENT_IDS = Object.keys(EVENTS).map((_, i) => `01HX3Q8M${String(i + 1).padStart(2, '0')}K7Z4V9T2R6N5P0WD`);

/** The example envelope of each type, as every destination sends it. */
export const EXAMPLE_ENVELOPES: { readonly [T in EventType]: EventEnvelope & { readonly type: T } } = Object.freeze(
  Object.fromEntries(
    Object.entries(EVENTS).map(([type, event], i) => [type, toEnvelope({ sequence: 1041 + i, eventId: EVENT_IDS[i] ?? null, event }, PREFIX)]),
  ) as { [T in EventType]: EventEnvelope & { type: T } },
);
