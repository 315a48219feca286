import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../../src/interfaces/cli/program.js';
import type { CliDeps } from '../../../src/interfaces/cli/session.js';
import { marketDataPath } from '../../support/market-data.js';

const ROOT = mkdtempSync(join(tmpdir(), 'dealbot-data-cli-'));
afterAll(() => rmSync(ROOT, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

/** Runs `dealbot ...` in this process; the data commands need none of the composition. */
async function dealbot(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  const code = await runCli(['node', 'dealbot', ...args], {} as CliDeps);
  vi.restoreAllMocks();
  return { code, stdout, stderr };
}

describe('dealbot data import / list', () => {
  const dir = join(ROOT, 'candles');

  it('imports the real files and lists them with the README figures', async () => {
    for (const file of ['ADA_BTC-5m.json', 'UNITTEST_BTC-1m.json']) {
      const run = await dealbot('data', 'import', marketDataPath(file), '--data-dir', dir);
      expect(run).toMatchObject({ code: 0, stderr: '' });
    }
    const again = await dealbot('data', 'import', marketDataPath('UNITTEST_BTC-1m.json'), '--data-dir', dir);
    expect(again.stdout).toBe(
      `UNITTEST/BTC 1m: 13,681 candles read from ${marketDataPath('UNITTEST_BTC-1m.json')}, 0 added, 0 replaced; stored 2017-11-04 23:02 to 2017-11-14 22:59 UTC: 13,681 candles, 538 gaps (717 missing bars)\n`,
    );
    const list = await dealbot('data', 'list', '--data-dir', dir);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain('pair          timeframe  first (UTC)       last (UTC)        candles  gaps  missing bars');
    expect(list.stdout).toContain('ADA/BTC       5m         2018-01-10 04:55  2018-01-30 04:50    5,720     5            40');
    expect(list.stdout).toContain('UNITTEST/BTC  1m         2017-11-04 23:02  2017-11-14 22:59   13,681   538           717');
    const json = JSON.parse((await dealbot('data', 'list', '--json', '--data-dir', dir)).stdout);
    expect(json).toEqual([
      { symbol: 'ADA/BTC', timeframe: '5m', first: '2018-01-10T04:55:00.000Z', last: '2018-01-30T04:50:00.000Z', count: 5_720, gaps: 5, missingBars: 40 },
      { symbol: 'UNITTEST/BTC', timeframe: '1m', first: '2017-11-04T23:02:00.000Z', last: '2017-11-14T22:59:00.000Z', count: 13_681, gaps: 538, missingBars: 717 },
    ]);
  });

  it('imports a CSV with --pair and --timeframe', async () => {
    const file = join(ROOT, 'mine.csv');
    writeFileSync(file, 'Date,Open,High,Low,Close,Volume\n2024-01-01 00:00,1,2,0.5,1.5,10\n2024-01-01 01:00,1.5,2,1,1.2,3\n');
    const run = await dealbot('data', 'import', file, '--pair', 'SOL/USDT', '--timeframe', '1h', '--data-dir', dir);
    expect(run.stdout).toMatch(/^SOL\/USDT 1h: 2 candles read from .*mine\.csv, 2 added, 0 replaced; stored 2024-01-01 00:00 to 2024-01-01 01:00 UTC: 2 candles, no gaps\n$/);
  });

  it('refuses a malformed file with one line naming the file, line and reason; exit 1; nothing stored', async () => {
    const file = join(ROOT, 'ETH_BTC-5m.csv');
    writeFileSync(file, 'timestamp,open,high,low,close,volume\n1515560100000,1,2,0.5,1.5,10\n1515560400000,1,2,0.5,1.5\n');
    const bad = join(ROOT, 'bad-store');
    const run = await dealbot('data', 'import', file, '--data-dir', bad);
    expect(run).toEqual({ code: 1, stdout: '', stderr: `dealbot: ${file}: line 3: missing column volume\n` });
    expect(existsSync(bad)).toBe(false);
  });

  it('says which timeframe is unknown (a bad command line: exit 2), and when nothing is stored', async () => {
    const run = await dealbot('data', 'import', marketDataPath('ETH_BTC-5m.json'), '--timeframe', '2m', '--data-dir', dir);
    expect(run).toEqual({ code: 2, stdout: '', stderr: 'dealbot: option \'--timeframe <tf>\' argument \'2m\' is invalid. --timeframe must be one of 1m 3m 5m 15m 30m 1h 4h 1d, got "2m"\n' });
    const empty = await dealbot('data', 'list', '--data-dir', join(ROOT, 'none'));
    expect(empty.stdout).toBe(`no candles stored in ${join(ROOT, 'none')}; store some with: dealbot data import <file>\n`);
  });
});
