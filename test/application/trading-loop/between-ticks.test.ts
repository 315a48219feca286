import { describe, expect, it } from 'vitest';
import { SerialLock } from '../../../src/application/shared/serial-lock.js';
import { BetweenTicks } from '../../../src/application/trading-loop/between-ticks.js';

/** A promise with its resolve. */
function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = (): void => undefined;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** Open: news asks for runs. */
function opened(): BetweenTicks {
  const between = new BetweenTicks();
  between.open(() => undefined);
  return between;
}

describe('work between ticks (pushed order updates)', () => {
  it('requests while one run waits for the lock share it; a request while it runs gets a run of its own, after it', async () => {
    const lock = new SerialLock();
    const between = opened();
    const tick = deferred();
    const ticking = lock.run(() => tick.promise.then(() => true)); // the lock is busy with a tick
    const runs: string[] = [];
    const gate = deferred();
    const first = between.request(lock, async () => {
      runs.push('first');
      await gate.promise;
      return true;
    });
    const shared = between.request(lock, async () => {
      runs.push('never');
      return true;
    });
    expect(shared).toBe(first);
    tick.resolve();
    await ticking;
    await Promise.resolve();
    expect(runs).toEqual(['first']);
    // news arriving while the first run works: taken by a second run, not lost
    const second = between.request(lock, async () => {
      runs.push('second');
      return true;
    });
    expect(second).not.toBe(first);
    gate.resolve();
    expect([await first, await second]).toEqual([true, true]);
    expect(runs).toEqual(['first', 'second']);
  });

  it('on an idle lock the run starts at once, and a request while it runs is not folded into it', async () => {
    const lock = new SerialLock();
    const between = opened();
    const gate = deferred();
    let calls = 0;
    const work = async (): Promise<boolean> => {
      calls += 1;
      await gate.promise;
      return true;
    };
    const first = between.request(lock, work);
    expect(calls).toBe(1);
    const second = between.request(lock, work);
    expect(second).not.toBe(first);
    gate.resolve();
    await Promise.all([first, second]);
    expect(calls).toBe(2);
  });

  it('what a run throws resolves its callers with false and is thrown once by rethrow (the next tick)', async () => {
    const lock = new SerialLock();
    const between = opened();
    expect(() => between.rethrow()).not.toThrow();
    const failure = new Error('database is gone');
    expect(await between.request(lock, () => Promise.reject(failure))).toBe(false);
    expect(() => between.rethrow()).toThrow(failure);
    expect(() => between.rethrow()).not.toThrow();
  });

  it('only while open: the listener asks for runs after open and not after close, and a run still waiting when it closes does nothing', async () => {
    const between = new BetweenTicks();
    let news = 0;
    between.listener();
    between.open(() => (news += 1));
    between.listener();
    expect(news).toBe(1);
    const lock = new SerialLock();
    const tick = deferred();
    const ticking = lock.run(() => tick.promise.then(() => true));
    let ran = 0;
    const waiting = between.request(lock, async () => {
      ran += 1;
      return true;
    });
    between.close();
    between.listener();
    expect(news).toBe(1);
    tick.resolve();
    await ticking;
    expect(await waiting).toBe(false);
    expect(await between.request(lock, async () => ((ran += 1), true))).toBe(false);
    expect(ran).toBe(0);
  });
});
