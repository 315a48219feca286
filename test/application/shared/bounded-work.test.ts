import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { eachBounded, orderConcurrency } from '../../../src/application/shared/bounded-work.js';
import { SimulatedClock } from '../../../src/infrastructure/clock/simulated.clock.js';
import { PaperExchange } from '../../../src/infrastructure/exchange/paper/paper.exchange.js';

describe('eachBounded', () => {
  it('starts the items in order, never more than the limit at once', async () => {
    let inFlight = 0;
    let max = 0;
    const started: number[] = [];
    await eachBounded([1, 2, 3, 4, 5, 6, 7], 3, async (item) => {
      started.push(item);
      inFlight += 1;
      max = Math.max(max, inFlight);
      await sleep(8 - item);
      inFlight -= 1;
    });
    expect(started).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(max).toBe(3);
  });

  it('after a failure starts nothing more, lets the ones in flight finish, then throws the first failure', async () => {
    const finished: number[] = [];
    const started: number[] = [];
    const run = eachBounded([1, 2, 3, 4, 5], 2, async (item) => {
      started.push(item);
      if (item === 1) throw new Error('one failed');
      await sleep(5);
      finished.push(item);
    });
    await expect(run).rejects.toThrow('one failed');
    expect(started).toEqual([1, 2]);
    expect(finished).toEqual([2]);
  });

  it('with a limit of 1 runs the items one after another', async () => {
    const log: string[] = [];
    await eachBounded(['a', 'b'], 1, async (item) => {
      log.push(`${item} start`);
      await sleep(1);
      log.push(`${item} end`);
    });
    expect(log).toEqual(['a start', 'a end', 'b start', 'b end']);
  });
});

describe('orderConcurrency', () => {
  const paper = (limit?: number): PaperExchange => new PaperExchange({ markets: [], balances: {}, clock: new SimulatedClock(0), ...(limit !== undefined && { orderConcurrency: limit }) });

  it("is the exchange's own limit (the paper exchange's: 1 unless set), and at least 1", () => {
    expect(orderConcurrency(paper())).toBe(1);
    expect(orderConcurrency(paper(10))).toBe(10);
    expect(orderConcurrency(paper(0))).toBe(1);
  });
});
