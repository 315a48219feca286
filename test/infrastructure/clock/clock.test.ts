import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../../src/infrastructure/clock/simulated.clock.js';
import { SystemClock } from '../../../src/infrastructure/clock/system.clock.js';

describe('SimulatedClock', () => {
  it('starts at the given time, 0 by default', () => {
    expect(new SimulatedClock().now()).toBe(0);
    expect(new SimulatedClock(1_700_000_000_000).now()).toBe(1_700_000_000_000);
  });

  it('moves forward and may stay on the same time', () => {
    const clock = new SimulatedClock(1000);
    clock.set(61_000);
    expect(clock.now()).toBe(61_000);
    clock.set(61_000);
    expect(clock.now()).toBe(61_000);
  });

  it('refuses to move backwards and keeps its time', () => {
    const clock = new SimulatedClock(120_000);
    expect(() => clock.set(60_000)).toThrow(RangeError);
    expect(() => clock.set(119_999)).toThrow(/backwards/);
    expect(clock.now()).toBe(120_000);
  });

  it('refuses non-finite times', () => {
    const clock = new SimulatedClock(5);
    expect(() => clock.set(Number.NaN)).toThrow(RangeError);
    expect(() => clock.set(Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => new SimulatedClock(Number.NaN)).toThrow(RangeError);
    expect(clock.now()).toBe(5);
  });
});

describe('SystemClock', () => {
  it('reads the wall clock', () => {
    const before = Date.now();
    const now = new SystemClock().now();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });
});
