import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dealbot } from './bad-input/harness.js';

const env = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => {
  const clean = { ...process.env };
  delete clean.DEALBOT_DEBUG;
  delete clean.DATABASE_URL;
  return { ...clean, ...extra };
};

describe('--debug and DEALBOT_DEBUG', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'dealbot-debug-'));

  it('without them: one line, no stack', async () => {
    const run = await dealbot(['config', 'check', '-c', 'nope.yaml'], cwd, env());
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('dealbot: nope.yaml: cannot read the config file: no such file or folder (ENOENT)\n');
  });

  it('--debug, before or after the command: the line, then the stack trace', async () => {
    for (const args of [['--debug', 'config', 'check', '-c', 'nope.yaml'], ['config', 'check', '-c', 'nope.yaml', '--debug']]) {
      const run = await dealbot(args, cwd, env());
      expect(run.code).toBe(1);
      const [first, second] = run.stderr.split('\n');
      expect(first).toBe('dealbot: nope.yaml: cannot read the config file: no such file or folder (ENOENT)');
      expect(second).toBe('ConfigError: nope.yaml: cannot read the config file: no such file or folder (ENOENT)');
      expect(run.stderr).toMatch(/^ {4}at loadConfigFile /m);
    }
  });

  it('DEALBOT_DEBUG=1: the stack trace too', async () => {
    const run = await dealbot(['deals', 'list', '--database', 'sqlite:./missing.db'], cwd, env({ DEALBOT_DEBUG: '1' }));
    expect(run.code).toBe(1);
    expect(run.stderr.split('\n')[0]).toMatch(/^dealbot: sqlite:\/.*\/missing\.db does not exist/);
    expect(run.stderr).toMatch(/^ {4}at /m);
  });
});
