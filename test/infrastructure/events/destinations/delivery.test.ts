import { describe, expect, it } from 'vitest';
import { deadline, DeliveryError, reasonOf, SendQueue } from '../../../../src/infrastructure/events/destinations/delivery.js';

describe('reasonOf', () => {
  it('gives one line: the message, its cause, the errors of an AggregateError without a message', () => {
    expect(reasonOf(new Error('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:1') }))).toBe('fetch failed: connect ECONNREFUSED 127.0.0.1:1');
    expect(reasonOf(new AggregateError([new Error('connect ECONNREFUSED ::1:1'), new Error('connect ECONNREFUSED 127.0.0.1:1')], ''))).toBe('connect ECONNREFUSED ::1:1; connect ECONNREFUSED 127.0.0.1:1');
    expect(reasonOf(new Error('first line\n    at somewhere'))).toBe('first line');
    expect(reasonOf('plain')).toBe('plain');
  });

  it('a DeliveryError names its destination', () => {
    expect(new DeliveryError('nats', 'timeout').message).toBe('nats: timeout');
  });
});

describe('deadline', () => {
  it('rejects with the message when the work outlasts it, and a late rejection of the work harms nothing', async () => {
    let fail: (error: Error) => void = () => {};
    const work = new Promise<void>((_, reject) => (fail = reject));
    await expect(deadline(work, 20, 'too slow')).rejects.toThrow('too slow');
    fail(new Error('late')); // unhandled, this would fail the run
    await expect(deadline(Promise.resolve(7), 1_000, 'too slow')).resolves.toBe(7);
  });
});

describe('SendQueue', () => {
  it('runs tasks one after another in the order given, a failed one not stopping the next', async () => {
    const queue = new SendQueue();
    const log: string[] = [];
    const task = (name: string, fail = false) => async () => {
      log.push(`${name} start`);
      await new Promise((resolve) => setImmediate(resolve));
      log.push(`${name} end`);
      if (fail) throw new Error(name);
    };
    const results = [queue.run(task('a')), queue.run(task('b', true)), queue.run(task('c'))];
    await queue.idle();
    expect(log).toEqual(['a start', 'a end', 'b start', 'b end', 'c start', 'c end']);
    expect((await Promise.allSettled(results)).map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });
});
