import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LogFileDestination } from '../../../../src/infrastructure/events/destinations/log-file.destination.js';
import { envelopes, uniquePrefix } from './envelopes.js';

const dir = mkdtempSync(join(tmpdir(), 'dealbot-log-destination-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const freshPath = (): string => join(dir, `run-${++files}`, 'events', 'events.jsonl');
const lines = (path: string): unknown[] => readFileSync(path, 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line) as unknown);

describe('LogFileDestination', () => {
  it('appends each envelope as one JSON line, in order, over several sends, making the folder', async () => {
    const path = freshPath();
    const destination = new LogFileDestination({ name: 'log', path });
    const prefix = uniquePrefix();
    const batches = [envelopes(prefix, 2, 1), envelopes(prefix, 3, 3), envelopes(prefix, 1, 6)];
    for (const batch of batches) await destination.send(batch);
    await destination.close();
    expect(lines(path)).toEqual(batches.flat());
    expect(readFileSync(path, 'utf8').endsWith('}\n')).toBe(true);
  });

  it('keeps what the file held and adds after it', async () => {
    const path = freshPath();
    const prefix = uniquePrefix();
    const first = new LogFileDestination({ name: 'log', path });
    await first.send(envelopes(prefix, 2, 1));
    await first.close();
    const second = new LogFileDestination({ name: 'log', path });
    await second.send(envelopes(prefix, 2, 3));
    await second.close();
    expect(lines(path).map((e) => (e as { sequence: number }).sequence)).toEqual([1, 2, 3, 4]);
  });

  it('a line cut short by a crash is ended before the next one, so the new lines parse', async () => {
    const path = freshPath();
    const prefix = uniquePrefix();
    const first = new LogFileDestination({ name: 'log', path });
    await first.send(envelopes(prefix, 1, 1));
    await first.close();
    appendFileSync(path, '{"id":"cut sh');
    const second = new LogFileDestination({ name: 'log', path });
    const after = envelopes(prefix, 2, 2);
    await second.send(after);
    await second.close();
    const written = readFileSync(path, 'utf8').split('\n');
    expect(written[1]).toBe('{"id":"cut sh');
    expect(written.slice(2, 4).map((line) => JSON.parse(line) as unknown)).toEqual(after);
  });

  it('a path it cannot write fails the send with one line naming the path', async () => {
    const blocker = join(dir, `blocker-${++files}`);
    writeFileSync(blocker, '');
    const destination = new LogFileDestination({ name: 'audit', path: join(blocker, 'events.jsonl') });
    await expect(destination.send(envelopes(uniquePrefix(), 1))).rejects.toThrow(new RegExp(`^audit: ${blocker}/events.jsonl: .*(ENOTDIR|EEXIST)`));
    await destination.close();
  });

  it('an empty batch writes nothing, and a closed destination refuses to send', async () => {
    const path = freshPath();
    const destination = new LogFileDestination({ name: 'log', path });
    await destination.send([]);
    await destination.close();
    expect(() => readFileSync(path)).toThrow(/ENOENT/);
    await expect(destination.send(envelopes(uniquePrefix(), 1))).rejects.toThrow('log: closed');
  });
});
