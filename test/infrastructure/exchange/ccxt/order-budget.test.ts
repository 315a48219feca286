import { describe, expect, it } from 'vitest';
import { OrderBudget } from '../../../../src/infrastructure/exchange/ccxt/order-budget.js';
import { ManualTime, settle } from '../../../support/binance-sim/manual-time.js';

const T0 = Date.UTC(2024, 0, 1);

/** Starts `n` takes of `count` orders each; resolves to the times each was let through. */
function startTakes(budget: OrderBudget, time: ManualTime, n: number, count = 1): number[] {
  const at: number[] = [];
  for (let i = 0; i < n; i += 1) void budget.take(count).then(() => at.push(time.now()));
  return at;
}

describe('OrderBudget: new orders within the exchange limits, on the connector clock', () => {
  it('3 per 10 s: three go at once, the fourth when the first leaves the window, the fifth with the second', async () => {
    const time = new ManualTime(T0);
    const budget = new OrderBudget([{ orders: 3, perMs: 10_000 }], time, time.sleep);
    const at = startTakes(budget, time, 3);
    await settle();
    time.advance(4_000);
    const later = startTakes(budget, time, 2);
    await settle();
    expect(at).toEqual([T0, T0, T0]);
    expect(later).toEqual([]);
    time.advance(5_999);
    await settle();
    expect(later).toEqual([]);
    time.advance(1);
    await settle();
    expect(later).toEqual([T0 + 10_000, T0 + 10_000]);
  });

  it('an OCO list takes two places at once; the windows are rolling, so no fixed interval ever holds more than the limit', async () => {
    const time = new ManualTime(T0 + 9_000);
    const budget = new OrderBudget([{ orders: 4, perMs: 10_000 }], time, time.sleep);
    const first = startTakes(budget, time, 2, 2);
    await settle();
    expect(first).toEqual([T0 + 9_000, T0 + 9_000]);
    // a fixed 10 s interval starts at T0 + 10 s: the orders of T0 + 9 s still count for 9 s more
    time.advance(1_000);
    const next = startTakes(budget, time, 1, 2);
    await settle();
    expect(next).toEqual([]);
    time.advance(9_000);
    await settle();
    expect(next).toEqual([T0 + 19_000]);
  });

  it('every limit holds: a daily limit stops orders that the 10 s limit lets through', async () => {
    const time = new ManualTime(T0);
    const budget = new OrderBudget([{ orders: 10, perMs: 10_000 }, { orders: 3, perMs: 86_400_000 }], time, time.sleep);
    const at = startTakes(budget, time, 4);
    await settle();
    time.advance(60_000);
    await settle();
    expect(at).toEqual([T0, T0, T0]);
    time.advance(86_400_000 - 60_000);
    await settle();
    expect(at).toEqual([T0, T0, T0, T0 + 86_400_000]);
  });

  it('without limits nothing waits; a limit that cannot hold an order is refused', async () => {
    const time = new ManualTime(T0);
    const at = startTakes(new OrderBudget([], time, time.sleep), time, 500);
    await settle();
    expect(at).toHaveLength(500);
    expect(() => new OrderBudget([{ orders: 0, perMs: 10_000 }], time, time.sleep)).toThrow('orders >= 1');
  });
});
