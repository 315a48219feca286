import { expect, it } from 'vitest';
import type { ExchangeOrder } from '../../../../src/domain/ports/exchange.port.js';
import { dec } from '../../../../src/domain/shared/decimal.js';
import { LAST_SEEN_LIMIT, OrderTracker } from '../../../../src/infrastructure/exchange/ccxt/order-tracker.js';

const order = (n: number, status: ExchangeOrder['status'] = 'closed'): ExchangeOrder => ({
  exchangeOrderId: String(n),
  clientOrderId: `db-${n}`,
  symbol: 'BTC/USDT',
  side: 'buy',
  type: 'limit',
  price: dec('100'),
  amount: dec('1'),
  status,
  filled: status === 'closed' ? dec('1') : dec('0'),
  cost: status === 'closed' ? dec('100') : dec('0'),
  fee: dec('0'),
  trades: null,
  timestamp: n,
});

it(`keeps the latest views of the last ${LAST_SEEN_LIMIT} orders seen, the oldest seen going first, not every order a long run placed`, () => {
  const tracker = new OrderTracker('db-');
  for (let n = 0; n < LAST_SEEN_LIMIT; n += 1) tracker.note(order(n, 'open'), true);
  tracker.note(order(0), true); // seen again: the newest now, with its latest view
  tracker.note(order(LAST_SEEN_LIMIT), true);
  expect(tracker.lastSeen('db-1')).toBeUndefined();
  expect(tracker.lastSeen('db-0')?.status).toBe('closed');
  expect(tracker.lastSeen('db-2')?.status).toBe('open');
  expect(tracker.lastSeen(`db-${LAST_SEEN_LIMIT}`)?.status).toBe('closed');
  // forgetting its view leaves a working order working
  expect(tracker.working().some(([id]) => id === 'db-1')).toBe(true);
});

it("holds no more for a long run than its working orders and the last views: the bot's own ids are claimed by the prefix, not kept one by one", () => {
  const tracker = new OrderTracker('db-');
  for (let n = 0; n < 20_000; n += 1) {
    tracker.sending(`db-${n}`, 'BTC/USDT');
    tracker.note(order(n), true);
  }
  tracker.sending('db-open', 'BTC/USDT');
  expect(tracker.retained).toBe(LAST_SEEN_LIMIT + 1);
  expect(tracker.accepts('db-5')).toBe(true);
  // an order without the prefix, asked about: the bot's from then on
  tracker.askedAbout('manual-7', 'BTC/USDT');
  tracker.note({ ...order(7), clientOrderId: 'manual-7' }, true);
  expect(tracker.accepts('manual-7')).toBe(true);
  expect(tracker.accepts('manual-8')).toBe(false);
});
