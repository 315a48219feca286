import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, expect, it } from 'vitest';

/**
 * A command that stays up (`run`, `events`) holds V8's young generation at its size
 * (holdYoungGeneration in src/main.ts): what it allocates after start-up does not grow it. Commands
 * that run to an end (`backtest`) keep V8's default growth. Run as the other CLI tests run it (`node --import
 * tsx src/main.ts`), with a probe that allocates a growing burst as the process exits.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const MAIN = join(ROOT, 'src/main.ts');
const PROBE = join(ROOT, 'test/support/young-generation-probe.mjs');
const dir = mkdtempSync(join(tmpdir(), 'dealbot-young-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function youngGeneration(entry: readonly string[]): { before: number; after: number } {
  const file = join(dir, `young-${entry.length}.json`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--import', PROBE, ...entry], { cwd: ROOT, env: { ...process.env, DEALBOT_YOUNG_PROBE: file }, encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(readFileSync(file, 'utf8')) as { before: number; after: number };
}

it('`run` and `events` leave V8\'s young generation at its size; `backtest` and a plain Node process grow it on the same burst', () => {
  for (const command of [['run', '--help'], ['events', 'tail', '--help']]) {
    const held = youngGeneration([MAIN, ...command]);
    expect(held.after, command.join(' ')).toBe(held.before);
  }
  const backtest = youngGeneration([MAIN, 'backtest', '--help']);
  expect(backtest.after).toBeGreaterThan(backtest.before);
  const free = youngGeneration(['-e', '0']);
  expect(free.after).toBeGreaterThan(free.before);
}, 60_000);
