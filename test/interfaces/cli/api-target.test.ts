import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiToken, parseApiUrl, resolveApiTarget } from '../../../src/interfaces/cli/api-target.js';

const DEFAULT_CONFIG = resolve(import.meta.dirname, '../../../config/default.yaml');

describe('parseApiUrl', () => {
  it.each([
    ['http://127.0.0.1:8437', 'http://127.0.0.1:8437'],
    ['http://127.0.0.1:8437/', 'http://127.0.0.1:8437'],
    ['http://localhost:9000/api/v1', 'http://localhost:9000'],
    ['https://bot.example:443/api/v1/', 'https://bot.example'],
    ['http://[::1]:8437', 'http://[::1]:8437'],
  ])('%s is %s', (value, url) => {
    expect(parseApiUrl(value, '--api-url')).toBe(url);
  });

  it.each(['127.0.0.1:8437', 'ftp://127.0.0.1', 'http://user:pw@127.0.0.1:8437', 'http://127.0.0.1:8437/deals', 'http://127.0.0.1:8437?x=1', 'not a url'])('refuses %s, naming the option', (value) => {
    expect(() => parseApiUrl(value, '--api-url')).toThrow(/^--api-url must be a URL like http:\/\/127\.0\.0\.1:8437/);
  });
});

describe('resolveApiTarget: --api-url, then DEALBOT_API_URL, then the config, then 127.0.0.1:8437', () => {
  it('--api-url wins over the environment', async () => {
    const target = await resolveApiTarget({ apiUrl: 'http://127.0.0.1:1111' }, DEFAULT_CONFIG, { DEALBOT_API_URL: 'http://127.0.0.1:2222' });
    expect(target.baseUrl).toBe('http://127.0.0.1:1111');
  });

  it('DEALBOT_API_URL wins over the config', async () => {
    const target = await resolveApiTarget({ config: '/no/such/config.yaml' }, DEFAULT_CONFIG, { DEALBOT_API_URL: 'http://127.0.0.1:2222/' });
    expect(target.baseUrl).toBe('http://127.0.0.1:2222');
  });

  it('a bad DEALBOT_API_URL is named', async () => {
    await expect(resolveApiTarget({}, DEFAULT_CONFIG, { DEALBOT_API_URL: 'localhost' })).rejects.toThrow(/^DEALBOT_API_URL must be a URL like/);
  });

  it('a config without an api: section means http://127.0.0.1:8437', async () => {
    const target = await resolveApiTarget({ config: DEFAULT_CONFIG }, DEFAULT_CONFIG, {});
    expect(target.baseUrl).toBe('http://127.0.0.1:8437');
  });

  it.each([
    ['host: 127.0.0.1\n  port: 9000', 'http://127.0.0.1:9000'],
    ['host: 0.0.0.0\n  port: 9001', 'http://127.0.0.1:9001'],
    ['host: "::1"\n  port: 9002', 'http://[::1]:9002'],
    ['host: localhost', 'http://localhost:8437'],
  ])('the config\'s api: %s is %s', async (api, url) => {
    const path = join(mkdtempSync(join(tmpdir(), 'dealbot-target-')), 'c.yaml');
    writeFileSync(path, `${readFileSync(DEFAULT_CONFIG, 'utf8')}\napi:\n  ${api}\n`);
    expect((await resolveApiTarget({ config: path }, DEFAULT_CONFIG, {})).baseUrl).toBe(url);
  });

  it('a config whose api.port is 0 asks for --api-url', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'dealbot-target-')), 'c.yaml');
    writeFileSync(path, `${readFileSync(DEFAULT_CONFIG, 'utf8')}\napi:\n  port: 0\n`);
    await expect(resolveApiTarget({ config: path }, DEFAULT_CONFIG, {})).rejects.toThrow(`${path}: api.port is 0 (the bot takes a free port at start): give --api-url with the port its start line printed`);
  });

  it('a config that cannot be read is named', async () => {
    await expect(resolveApiTarget({ config: '/no/such/config.yaml' }, DEFAULT_CONFIG, {})).rejects.toThrow(/\/no\/such\/config\.yaml: cannot read the config file/);
  });
});

describe('apiToken', () => {
  it('reads DEALBOT_API_TOKEN from the environment and says so', () => {
    expect(apiToken({ DEALBOT_API_TOKEN: 'f'.repeat(64) })).toEqual({ token: 'f'.repeat(64), tokenSource: 'the environment' });
  });

  it('has none when the environment given has none (only process.env is filled from .env; steer.e2e tests that)', () => {
    expect(apiToken({})).toEqual({ token: undefined, tokenSource: null });
  });
});
