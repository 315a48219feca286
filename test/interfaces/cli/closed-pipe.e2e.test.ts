import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../support/cli.js';

/**
 * `dealbot ... | head -1`: the reader leaves before dealbot is done writing. The command ends
 * quietly with status 0, as a closed pipe ends a Unix tool, instead of an unhandled EPIPE with
 * a stack trace; a trading session stops as on SIGTERM.
 */
async function readThenLeave(args: readonly string[], lines: 0 | 1): Promise<{ code: number | null; first: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/main.ts'), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const first = await new Promise<string>((resolve) => {
    let out = '';
    if (lines === 0) {
      // as `dealbot --help | true`: gone before dealbot writes
      child.stdout.destroy();
      resolve('');
      return;
    }
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (!out.includes('\n')) return;
      // as `head -1` does: one line, then the pipe's reading end is closed
      child.stdout.destroy();
      resolve(out.split('\n')[0]!);
    });
  });
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { code, first, stderr };
}

describe('a reader that leaves early', () => {
  it('ends a command quietly, status 0', async () => {
    const run = await readThenLeave(['--help'], 0);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  }, 30_000);

  it('stops a paper trading session, status 0', async () => {
    const run = await readThenLeave(['run', '-c', join(ROOT, 'config/default.yaml'), '--database', 'sqlite::memory:', '--pace', '5', '--candles', '2000'], 1);
    expect(run.first).toMatch(/^dealbot: paper trading/);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  }, 30_000);
});
