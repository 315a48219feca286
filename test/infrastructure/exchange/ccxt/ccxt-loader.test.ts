import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import ccxt from 'ccxt';
import { afterAll, describe, expect, it } from 'vitest';
import { CCXT_PRO_EXCHANGES, ccxtErrors, loadCcxtProClass } from '../../../../src/infrastructure/exchange/ccxt/ccxt-loader.js';

const ROOT = resolve(import.meta.dirname, '../../../..');
const RECORDER = join(ROOT, 'test/support/module-recorder.mjs');
/** Where ccxt's module files are (node_modules may be a link). */
const CCXT_JS = pathToFileURL(realpathSync(join(ROOT, 'node_modules/ccxt/js'))).href;

describe('the ccxt loader: one exchange class by its file, the same class as the index', () => {
  it('knows exactly the exchanges of ccxt.pro', () => {
    expect([...CCXT_PRO_EXCHANGES].sort()).toEqual([...(ccxt.pro as unknown as { exchanges: string[] }).exchanges].sort());
  });

  it('loads, for every id, the class ccxt.pro holds under it (one module instance)', async () => {
    const pro = ccxt.pro as unknown as Record<string, unknown>;
    for (const id of CCXT_PRO_EXCHANGES) expect(await loadCcxtProClass(id), id).toBe(pro[id]);
  });

  it('holds the error classes the index exports, so an exchange\'s errors are instances of them', async () => {
    for (const [name, value] of Object.entries(ccxtErrors)) expect(value, name).toBe((ccxt as unknown as Record<string, unknown>)[name]);
    const Binance = await loadCcxtProClass('binance');
    const client = new Binance({});
    expect(() => client.checkRequiredCredentials()).toThrow(ccxtErrors.AuthenticationError);
  });

  it('refuses an id ccxt.pro lacks in one line', async () => {
    await expect(loadCcxtProClass('nosuchexchange')).rejects.toThrow(/^ccxt\.pro has no exchange "nosuchexchange"$/);
    // ccxt.pro also holds its base class under "Exchange": not an exchange
    await expect(loadCcxtProClass('Exchange')).rejects.toThrow('ccxt.pro has no exchange "Exchange"');
  });
});

describe('a process that connects to one exchange loads that exchange\'s ccxt files, not the others\'', () => {
  const logs = mkdtempSync(join(tmpdir(), 'dealbot-ccxt-loader-'));
  afterAll(() => rmSync(logs, { recursive: true, force: true }));

  /** The ccxt module files (under js/) a fresh process loaded while it built a connector. */
  function ccxtFilesLoaded(exchangeId: string): Promise<string[]> {
    const log = join(logs, `${exchangeId}.txt`);
    const script = `
      const { CcxtExchange } = await import(${JSON.stringify(pathToFileURL(join(ROOT, 'src/infrastructure/exchange/ccxt/ccxt-exchange.ts')).href)});
      const connector = await CcxtExchange.create({ exchangeId: ${JSON.stringify(exchangeId)}, clock: { now: () => Date.now() } });
      await connector.close();`;
    return new Promise((done, fail) => {
      const child = spawn(process.execPath, ['--import', 'tsx', '--import', RECORDER, '--input-type=module', '-e', script], { cwd: ROOT, env: { ...process.env, DEALBOT_MODULE_LOG: log }, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('error', fail);
      child.on('close', (code) => {
        if (code !== 0) return fail(new Error(`exited ${code}: ${stderr}`));
        done(readFileSync(log, 'utf8').split('\n').filter((line) => line.startsWith(CCXT_JS)).map((line) => line.slice(CCXT_JS.length + 1)));
      });
    });
  }

  it('binance: js/src/pro/binance.js and its REST parent; not the index, no other exchange', async () => {
    const files = await ccxtFilesLoaded('binance');
    expect(files).toEqual(expect.arrayContaining(['src/pro/binance.js', 'src/binance.js', 'src/base/errors.js']));
    expect(files).not.toContain('ccxt.js');
    const exchanges = files.filter((f) => /^src\/(pro\/)?[a-z0-9]+\.js$/.test(f)).sort();
    expect(exchanges).toEqual(['src/binance.js', 'src/pro/binance.js']);
  }, 60_000);
});
