import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../../src/domain/events.js';
import { EventStream } from '../../../src/interfaces/http/sse.js';

const event = (dealId: string): DomainEvent => ({ type: 'DealOpened', occurredAt: 1, dealId, symbol: 'BTC/USDT' }) as unknown as DomainEvent;

describe('EventStream: events to the stream`s clients', () => {
  it('between ticks, in one batch soon after they commit', async () => {
    const stream = new EventStream();
    const chunks: string[] = [];
    stream.subscribe((frames) => void chunks.push(frames));
    stream.publish([event('a')]);
    stream.publish([event('b')]);
    expect(chunks).toEqual([]);
    await nextTurn();
    expect(chunks).toHaveLength(1);
    expect(chunks[0]!.match(/^id: \d+$/gm)).toEqual(['id: 1', 'id: 2']);
  });

  it('during a tick, none until it ends: then all of them at once', async () => {
    const stream = new EventStream();
    const chunks: string[] = [];
    stream.subscribe((frames) => void chunks.push(frames));
    stream.hold();
    stream.publish([event('a'), event('b')]);
    await nextTurn();
    expect(chunks).toEqual([]);
    stream.release();
    expect(chunks).toHaveLength(1);
    expect(chunks[0]).toContain('"dealId":"b"');
    expect(stream.since(0).map((e) => e.id)).toEqual([1, 2]);
  });
});
