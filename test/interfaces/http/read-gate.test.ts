import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { ReadGate } from '../../../src/interfaces/http/read-gate.js';

/** Enters the gate and records when the read was let in. */
function reader(gate: ReadGate, log: string[], name: string): Promise<() => void> {
  return gate.enter().then((done) => {
    log.push(name);
    return done;
  });
}

describe('ReadGate: trading first, readers after', () => {
  it('between ticks a read goes in at once', async () => {
    const gate = new ReadGate(2, 1_000);
    const done = await gate.enter();
    expect(gate.load).toEqual({ running: 1, waiting: 0 });
    done();
    done(); // twice is once
    expect(gate.load).toEqual({ running: 0, waiting: 0 });
  });

  it('during a tick reads wait, and go in, in their order, when it ends', async () => {
    const gate = new ReadGate(8, 5_000);
    const log: string[] = [];
    gate.tickStarted();
    const reads = [reader(gate, log, 'a'), reader(gate, log, 'b')];
    await sleep(20);
    expect(log).toEqual([]);
    expect(gate.load.waiting).toBe(2);
    gate.tickEnded();
    await Promise.all(reads);
    expect(log).toEqual(['a', 'b']);
  });

  it('at most maxConcurrent reads run; the next goes in when one ends', async () => {
    const gate = new ReadGate(2, 5_000);
    const log: string[] = [];
    const [a] = await Promise.all([reader(gate, log, 'a'), reader(gate, log, 'b')]);
    const c = reader(gate, log, 'c');
    await sleep(20);
    expect(log).toEqual(['a', 'b']);
    a!();
    await c;
    expect(log).toEqual(['a', 'b', 'c']);
    expect(gate.load).toEqual({ running: 2, waiting: 0 });
  });

  it('a tick that lasts beyond maxWaitMs does not blind the operator: the read goes in anyway', async () => {
    const gate = new ReadGate(8, 30);
    const log: string[] = [];
    gate.tickStarted();
    await reader(gate, log, 'late');
    expect(log).toEqual(['late']);
    expect(gate.load.running).toBe(1);
  });
});
