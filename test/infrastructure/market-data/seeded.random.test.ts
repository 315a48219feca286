import { describe, expect, it } from 'vitest';
import { SeededRandom, seedFrom } from '../../../src/infrastructure/market-data/seeded.random.js';

describe('SeededRandom', () => {
  it('repeats its sequence for a seed and differs between seeds', () => {
    const a = new SeededRandom(42);
    const b = new SeededRandom(42);
    const c = new SeededRandom(43);
    const xs = Array.from({ length: 100 }, () => a.next());
    expect(Array.from({ length: 100 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 100 }, () => c.next())).not.toEqual(xs);
  });

  it('draws uniforms in [0, 1), integers in range and standard normals', () => {
    const r = new SeededRandom(1);
    let sum = 0;
    let sumNormal = 0;
    let sumSquares = 0;
    const n = 100_000;
    for (let i = 0; i < n; i += 1) {
      const u = r.next();
      expect(u >= 0 && u < 1).toBe(true);
      sum += u;
      const z = r.normal();
      sumNormal += z;
      sumSquares += z * z;
    }
    expect(sum / n).toBeCloseTo(0.5, 2);
    expect(sumNormal / n).toBeCloseTo(0, 1);
    expect(sumSquares / n).toBeCloseTo(1, 1);
    const ints = new Set(Array.from({ length: 1_000 }, () => r.int(3, 5)));
    expect([...ints].sort()).toEqual([3, 4, 5]);
  });

  it('derives distinct seeds from mixed parts', () => {
    expect(seedFrom(7, 'BTC/USDT')).toBe(seedFrom(7, 'BTC/USDT'));
    expect(new Set([seedFrom(7, 'BTC/USDT'), seedFrom(8, 'BTC/USDT'), seedFrom(7, 'ETH/USDT'), seedFrom(7, 'BTC/USDT', 'x')]).size).toBe(4);
  });
});
