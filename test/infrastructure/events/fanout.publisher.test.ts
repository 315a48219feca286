import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../../src/domain/events.js';
import { FanoutPublisher } from '../../../src/infrastructure/events/fanout.publisher.js';

const EVENTS: readonly DomainEvent[] = [{ type: 'DealOpened', dealId: 'd1', symbol: 'BTC/USDT', occurredAt: 1, buyOrderId: 'b1', price: '100', amount: '1' }];

describe('FanoutPublisher', () => {
  it('hands each batch to every listener in subscription order, synchronously while they are synchronous', () => {
    const publisher = new FanoutPublisher();
    const seen: string[] = [];
    publisher.subscribe((events) => void seen.push(`a:${events.length}`));
    publisher.subscribe((events) => void seen.push(`b:${events.length}`));
    expect(publisher.publish(EVENTS)).toBeUndefined();
    expect(seen).toEqual(['a:1', 'b:1']);
  });

  it('waits for a listener that returns a promise before the next listener runs', async () => {
    const publisher = new FanoutPublisher();
    const seen: string[] = [];
    let release = (): void => undefined;
    publisher.subscribe(() => new Promise<void>((resolve) => (release = () => (seen.push('slow done'), resolve()))));
    publisher.subscribe(() => void seen.push('next'));
    const pending = publisher.publish(EVENTS);
    expect(pending).toBeInstanceOf(Promise);
    await Promise.resolve();
    expect(seen).toEqual([]);
    release();
    await pending;
    expect(seen).toEqual(['slow done', 'next']);
  });

  it('stops at a failing listener and reports its error, thrown or rejected', async () => {
    for (const fail of [
      (): void => {
        throw new Error('down');
      },
      (): Promise<void> => Promise.reject(new Error('down')),
    ]) {
      const publisher = new FanoutPublisher();
      const seen: string[] = [];
      publisher.subscribe(fail);
      publisher.subscribe(() => void seen.push('after'));
      await expect(async () => publisher.publish(EVENTS)).rejects.toThrow('down');
      expect(seen).toEqual([]);
    }
  });
});
