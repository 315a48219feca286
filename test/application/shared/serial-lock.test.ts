import { describe, expect, it } from 'vitest';
import { SerialLock } from '../../../src/application/shared/serial-lock.js';

/** A promise and the function that settles it. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open = (): void => undefined;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

describe('SerialLock', () => {
  it('starts work at once when idle, in the caller’s turn', () => {
    const lock = new SerialLock();
    const seen: string[] = [];
    void lock.run(async () => void seen.push('ran'));
    expect(seen).toEqual(['ran']);
  });

  it('runs queued work one piece at a time, in call order, and is busy until the last ends', async () => {
    const lock = new SerialLock();
    const seen: string[] = [];
    const first = gate();
    const a = lock.run(async () => {
      seen.push('a starts');
      await first.promise;
      seen.push('a ends');
      return 'a';
    });
    const b = lock.run(async () => {
      seen.push('b');
      return 'b';
    });
    await Promise.resolve();
    expect(seen).toEqual(['a starts']);
    expect(lock.busy).toBe(true);
    first.open();
    expect(await Promise.all([a, b])).toEqual(['a', 'b']);
    expect(seen).toEqual(['a starts', 'a ends', 'b']);
    await Promise.resolve();
    expect(lock.busy).toBe(false);
  });

  it('a failure, thrown or rejected, reaches its caller and does not stop the work after it', async () => {
    const lock = new SerialLock();
    const thrown = lock.run((): Promise<void> => {
      throw new Error('thrown');
    });
    const rejected = lock.run(async () => Promise.reject(new Error('rejected')));
    const after = lock.run(async () => 'after');
    await expect(thrown).rejects.toThrow('thrown');
    await expect(rejected).rejects.toThrow('rejected');
    expect(await after).toBe('after');
  });

  it('after going idle, starts the next work at once again', async () => {
    const lock = new SerialLock();
    await lock.run(async () => undefined);
    await Promise.resolve();
    expect(lock.busy).toBe(false);
    const seen: string[] = [];
    void lock.run(async () => void seen.push('again'));
    expect(seen).toEqual(['again']);
  });
});
