import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Candle } from '../../../src/domain/shared/candle.js';
import { CandleStore } from '../../../src/infrastructure/market-data/candle-store/candle-store.js';
import { runCli } from '../../../src/interfaces/cli/program.js';
import type { CliDeps } from '../../../src/interfaces/cli/session.js';
import { composeDownload } from '../../../src/main.js';
import { BinanceSim } from '../../support/binance-sim/binance-sim.js';
import { waitFor } from '../../support/binance-sim/manual-time.js';

const ROOT = mkdtempSync(join(tmpdir(), 'dealbot-download-'));
afterAll(() => rmSync(ROOT, { recursive: true, force: true }));

const MINUTE = 60_000;
const DAY = 1_440 * MINUTE;
/** 2024-01-03 00:00 UTC; the clock starts 30 s later, so the candle opening here is still forming. */
const END = Date.UTC(2024, 0, 3);
const PAIRS = ['BTC/USDT', 'ETH/USDT'] as const;
const MARKETS = PAIRS.map((p) => ({ base: p.split('/')[0]!, quote: 'USDT', tickSize: '0.01', stepSize: '0.0001', minQty: '0.0001', minNotional: '5' }));

/** Minute candle at `openTime` of pair i: distinct per pair and time, exact in binary. */
function bar(i: number, openTime: number): Candle {
  const p = 100 * (i + 1) + ((openTime / MINUTE) % 97);
  return { openTime, open: p, high: p + 1.5, low: p - 1.25, close: p + 0.5, volume: 3 + i };
}

let sim: BinanceSim;
let now: number;
let dataDir: string;
let configFile: string;

/** The exchange has candles from 3 days before END up to `to` (inclusive). */
function serveUpTo(to: number, from = END - 3 * DAY): void {
  PAIRS.forEach((symbol, i) => {
    for (let t = from; t <= to; t += MINUTE) sim.pushCandle(symbol, bar(i, t));
  });
}

beforeEach(async () => {
  sim = await BinanceSim.start({ markets: MARKETS, balances: { USDT: '1000' } });
  now = END + 30_000;
  serveUpTo(END);
  dataDir = mkdtempSync(join(ROOT, 'candles-'));
  configFile = join(dataDir, 'config.yaml');
  // JSON is YAML: the exchange block points the real ccxt client at the local server.
  const config = { exchange: { id: 'binance', urls: sim.urls.api, timeoutMs: 2_000 }, market: { source: 'exchange' }, pairs: [{ symbol: 'BTC/USDT', dealQuota: '10', profitMarkup: '0.01', dealCount: 1, orderLifeTime: 60 }] };
  writeFileSync(configFile, JSON.stringify(config));
});

afterEach(async () => {
  vi.restoreAllMocks();
  await sim.stop();
});

/** `dealbot ...` in this process, with the real composition on a clock the test moves. */
async function dealbot(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const deps = { composeDownload: (exchange, dir) => composeDownload(exchange, dir, { clock: { now: () => now } }) } as Partial<CliDeps> as CliDeps;
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  try {
    const code = await runCli(['node', 'dealbot', ...args], deps);
    return { code, stdout, stderr };
  } finally {
    process.exitCode = undefined;
    vi.restoreAllMocks();
  }
}

const download = (...extra: string[]) => dealbot('data', 'download', '--config', configFile, '--pairs', PAIRS.join(','), '--timeframe', '1m', '--data-dir', dataDir, ...extra);
const klineStarts = (symbol: string) => sim.requests('klines').filter((r) => r.params['symbol'] === symbol.replace('/', '')).map((r) => Number(r.params['startTime']));
const stored = (symbol: string) => new CandleStore(dataDir).read(symbol, '1m');
const expected = (i: number, from: number, to: number) => Array.from({ length: (to - from) / MINUTE + 1 }, (_, k) => bar(i, from + k * MINUTE));

describe('dealbot data download against the local Binance server', () => {
  it('downloads N days of closed candles for 2 pairs; a second run downloads nothing; a later run only the new candles', async () => {
    const run = await download('--days', '2');
    expect(run).toEqual({
      code: 0,
      stderr: '',
      stdout:
        'BTC/USDT 1m: 2,880 added from binance (2024-01-01 00:00 to 2024-01-02 23:59 UTC); stored 2024-01-01 00:00 to 2024-01-02 23:59 UTC: 2,880 candles, no gaps\n' +
        'ETH/USDT 1m: 2,880 added from binance (2024-01-01 00:00 to 2024-01-02 23:59 UTC); stored 2024-01-01 00:00 to 2024-01-02 23:59 UTC: 2,880 candles, no gaps\n',
    });
    // Pages of 1000 from now - 2 days; the forming 00:00 candle is not stored.
    for (const symbol of PAIRS) expect(klineStarts(symbol)).toEqual([0, 1000, 2000].map((k) => END - 2 * DAY + k * MINUTE));
    expect(await stored('BTC/USDT')).toEqual(expected(0, END - 2 * DAY, END - MINUTE));
    expect(await stored('ETH/USDT')).toEqual(expected(1, END - 2 * DAY, END - MINUTE));

    const before = sim.requests('klines').length;
    const again = await download('--days', '2');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('BTC/USDT 1m: 0 added from binance (up to date); stored 2024-01-01 00:00 to 2024-01-02 23:59 UTC: 2,880 candles, no gaps\n');
    expect(sim.requests('klines')).toHaveLength(before);

    // 90 minutes later: the exchange has 90 more closed candles (and a forming one).
    serveUpTo(END + 90 * MINUTE, END + MINUTE);
    now = END + 90 * MINUTE + 5_000;
    const later = await download('--days', '7');
    expect(later.stdout).toBe(
      'BTC/USDT 1m: 90 added from binance (2024-01-03 00:00 to 2024-01-03 01:29 UTC); stored 2024-01-01 00:00 to 2024-01-03 01:29 UTC: 2,970 candles, no gaps\n' +
        'ETH/USDT 1m: 90 added from binance (2024-01-03 00:00 to 2024-01-03 01:29 UTC); stored 2024-01-01 00:00 to 2024-01-03 01:29 UTC: 2,970 candles, no gaps\n',
    );
    for (const symbol of PAIRS) expect(klineStarts(symbol).slice(3)).toEqual([END]);
    expect(await stored('ETH/USDT')).toEqual(expected(1, END - 2 * DAY, END + 89 * MINUTE));
  });

  it('a 5xx on a page is retried by the connector and the download completes', async () => {
    sim.failNext('klines', { kind: 'serverError', status: 502 });
    const run = await download('--days', '1');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('BTC/USDT 1m: 1,440 added');
    expect(sim.requests('klines').filter((r) => r.fault === 'serverError')).toHaveLength(1);
    expect(await stored('BTC/USDT')).toEqual(expected(0, END - DAY, END - MINUTE));
  });

  it('a permanent error on a page: exit 1, one line naming the pair and page, nothing of that page stored, the other pair downloaded', async () => {
    await download('--days', '1', '--pairs', 'ETH/USDT'); // ETH is now up to date: the klines requests below are BTC's
    const seen = sim.requests('klines').length;
    const running = download('--days', '2');
    // ccxt's rate limiter spaces the 1000-candle pages 250 ms apart: time enough to arm the fault for page 2.
    await waitFor(() => sim.requests('klines').length > seen, "BTC's first page");
    sim.failNext('klines', { kind: 'invalidOrder' });
    const run = await running;
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^dealbot: BTC\/USDT 1m: page from 2024-01-01 16:40 UTC failed, nothing of it stored: .*Filter failure: LOT_SIZE.*; 1,000 added before it\n$/);
    expect(run.stdout).toMatch(/^ETH\/USDT 1m: 0 added from binance \(up to date\)/);
    expect(await stored('BTC/USDT')).toEqual(expected(0, END - 2 * DAY, END - 2 * DAY + 999 * MINUTE));

    // The next run resumes at the failed page.
    const retry = await download('--days', '2');
    expect(retry.code).toBe(0);
    expect(retry.stdout).toContain('BTC/USDT 1m: 1,880 added from binance (2024-01-01 16:40 to 2024-01-02 23:59 UTC)');
  });

  it('a page with a bad candle is refused whole with the candle and rule named; the pages before it stay', async () => {
    sim.pushCandle('ETH/USDT', { ...bar(1, END - DAY + 1200 * MINUTE), high: 1, low: 2 });
    const run = await download('--days', '1', '--pairs', 'ETH/USDT');
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('dealbot: ETH/USDT 1m: page from 2024-01-02 16:40 UTC refused, nothing of it stored: binance: candle 2024-01-02 20:00 UTC: high 1 < low 2; 1,000 added before it\n');
    expect(await stored('ETH/USDT')).toHaveLength(1000);
  });
});

describe('dealbot data download: the command line', () => {
  it('--exchange overrides the config; an unknown exchange is one line, exit 1', async () => {
    const run = await download('--exchange', 'nosuchexchange');
    expect(run).toEqual({ code: 1, stdout: '', stderr: 'dealbot: exchange: ccxt.pro has no exchange "nosuchexchange"\n' });
  });

  it('--json reports every pair with ISO times', async () => {
    const run = await download('--days', '1', '--json');
    expect(JSON.parse(run.stdout)).toEqual(
      PAIRS.map((symbol) => ({
        symbol,
        timeframe: '1m',
        exchange: 'binance',
        added: 1440,
        received: { first: '2024-01-02T00:00:00.000Z', last: '2024-01-02T23:59:00.000Z', count: 1440 },
        stored: { symbol, timeframe: '1m', first: '2024-01-02T00:00:00.000Z', last: '2024-01-02T23:59:00.000Z', count: 1440, gaps: 0, missingBars: 0 },
      })),
    );
  });

  it('refuses a bad pair, timeframe or --days with exit 2', async () => {
    for (const bad of [['--pairs', 'btcusdt'], ['--timeframe', '2m'], ['--days', '0']]) {
      const run = await download(...bad);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^dealbot: option '--(pairs|timeframe|days) <\w+>' argument '.*' is invalid\. [^\n]*\n$/);
    }
  });
});
