import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dealbot, DEFAULT_YAML } from './bad-input/harness.js';

/** `dealbot config init` run as a person would, in a fresh folder: the files, their modes, the token never printed. */

const TOKEN = /^DEALBOT_API_TOKEN=([0-9a-f]{64})$/m;
const clean = (): NodeJS.ProcessEnv => Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(DATABASE_URL|DEALBOT_|NODE_OPTIONS|VITEST)/.test(key)));

describe('dealbot config init', () => {
  it('writes dealbot.yaml (the default config, state in a file, the api section) and .env with a random 64-hex token, mode 0600, without printing it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dealbot-init-'));
    const run = await dealbot(['config', 'init'], dir, clean());
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const env = readFileSync(join(dir, '.env'), 'utf8');
    const token = TOKEN.exec(env)?.[1] as string;
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    expect(statSync(join(dir, '.env')).mode & 0o777).toBe(0o600);
    expect(run.stdout).not.toContain(token);
    expect(run.stdout).toBe(`wrote ${join(dir, 'dealbot.yaml')}\nwrote a new DEALBOT_API_TOKEN to ${join(dir, '.env')} (mode 0600)\nnext: dealbot run -c dealbot.yaml --api\n`);
    const config = readFileSync(join(dir, 'dealbot.yaml'), 'utf8');
    expect(config).toMatch(/^database: "sqlite:\.\/dealbot\.db"/m);
    expect(config).toMatch(/^api: .*\n {2}enabled: true\n {2}host: 127\.0\.0\.1 .*\n {2}port: 8437\n$/m);
    expect(config.replace(/^database: .*$/m, '').replace(/\napi:[\s\S]*$/, '')).toBe(`${DEFAULT_YAML.replace(/^database: .*$/m, '').trimEnd()}\n`);
    const check = await dealbot(['config', 'check', '-c', 'dealbot.yaml'], dir, clean());
    expect(check.stderr).toBe('');
    expect(check.stdout).toMatch(/dealbot\.yaml: OK, paper mode, 3 pairs/);
  }, 60_000);

  it('--force replaces the token, keeps the other lines of .env and never overwrites dealbot.yaml', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dealbot-init-'));
    writeFileSync(join(dir, '.env'), 'DEALBOT_API_KEY=key\n# a comment\nDEALBOT_API_TOKEN=old\nDEALBOT_API_SECRET=secret\n', { mode: 0o644 });
    writeFileSync(join(dir, 'dealbot.yaml'), 'mine: true\n');
    const run = await dealbot(['config', 'init', '--force'], dir, clean());
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`kept ${join(dir, 'dealbot.yaml')} (it exists; it is never overwritten)`);
    const env = readFileSync(join(dir, '.env'), 'utf8');
    expect(env.replace(TOKEN, 'DEALBOT_API_TOKEN=NEW')).toBe('DEALBOT_API_KEY=key\n# a comment\nDEALBOT_API_SECRET=secret\nDEALBOT_API_TOKEN=NEW\n');
    expect(TOKEN.exec(env)?.[1]).not.toBe('old');
    expect(statSync(join(dir, '.env')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, 'dealbot.yaml'), 'utf8')).toBe('mine: true\n');
  }, 60_000);

  it('--dir writes into that folder; each run makes another token', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dealbot-init-'));
    const first = await dealbot(['config', 'init', '--dir', dir], tmpdir(), clean());
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`next: cd ${dir} && dealbot run -c dealbot.yaml --api`);
    const before = TOKEN.exec(readFileSync(join(dir, '.env'), 'utf8'))?.[1];
    expect((await dealbot(['config', 'init', '--dir', dir, '--force'], tmpdir(), clean())).code).toBe(0);
    expect(TOKEN.exec(readFileSync(join(dir, '.env'), 'utf8'))?.[1]).not.toBe(before);
  }, 60_000);
});
