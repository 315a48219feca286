import { describe, expect, it } from 'vitest';
import { ReadCache } from '../../../src/interfaces/http/read-cache.js';

describe('ReadCache: the last answer of a read, while nothing it shows changed', () => {
  it('is kept for the same url and version, under maxAgeMs', () => {
    let version = 1;
    let now = 0;
    const cache = new ReadCache(() => version, () => now, 1_000);
    cache.set('/api/v1/status', 1, '{"a":1}');
    expect(cache.get('/api/v1/status')).toBe('{"a":1}');
    expect(cache.get('/api/v1/status?x=1')).toBeNull();
    now = 999;
    expect(cache.get('/api/v1/status')).toBe('{"a":1}');
    now = 1_000;
    expect(cache.get('/api/v1/status')).toBeNull();
    cache.set('/api/v1/status', 1, '{"a":2}');
    version = 2;
    expect(cache.get('/api/v1/status')).toBeNull();
  });

  it('an answer made while the version moved is not kept', () => {
    let version = 1;
    const cache = new ReadCache(() => version, () => 0);
    version = 2;
    cache.set('/api/v1/deals', 1, '{}');
    expect(cache.get('/api/v1/deals')).toBeNull();
  });

  it('holds at most maxEntries urls', () => {
    const cache = new ReadCache(() => 1, () => 0, 1_000, 2);
    cache.set('/a', 1, 'a');
    cache.set('/b', 1, 'b');
    cache.set('/c', 1, 'c');
    expect([cache.get('/a'), cache.get('/b'), cache.get('/c')]).toEqual([null, null, 'c']);
  });
});
