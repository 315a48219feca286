import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dealbot as spawnDealbot, DEFAULT_YAML, ROOT } from './bad-input/harness.js';

/**
 * The steering commands end to end: a real `dealbot run --api` (paper trading on the simulated
 * market, state in a SQLite file, the token in `.env` of its folder) and each command spawned as
 * a person runs it, from that folder: tables, --json shapes, exit codes, refusals in one line.
 */

const TOKEN = randomBytes(32).toString('hex');
const dir = mkdtempSync(join(tmpdir(), 'dealbot-steer-'));
const elsewhere = mkdtempSync(join(tmpdir(), 'dealbot-steer-other-'));
let port = 0;
let url = '';
let bot: ChildProcess | undefined;
let botLog = '';
/** The deal open-deal made and deals cancel ended, as the API showed it. */
let cancelledDeal: { id: string; json: Record<string, unknown> } | undefined;

/** The environment of a person's shell: no dealbot variables but those given. */
const env = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({ ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(DATABASE_URL|DEALBOT_|NODE_OPTIONS|VITEST)/.test(key))), ...extra });
const dealbot = (args: string[], options: { cwd?: string; env?: Record<string, string> } = {}) => spawnDealbot(args, options.cwd ?? dir, env(options.env));
const json = async <T>(args: string[]): Promise<T> => {
  const run = await dealbot([...args, '--json']);
  expect(run.stderr, run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as T;
};

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((done) => probe.listen(0, '127.0.0.1', done));
  const { port: free } = probe.address() as AddressInfo;
  await new Promise((done) => probe.close(done));
  return free;
}

async function waitForHealth(deadline: number): Promise<void> {
  for (;;) {
    if (bot?.exitCode !== null) throw new Error(`the bot exited (${String(bot?.exitCode)}):\n${botLog}`);
    try {
      if ((await fetch(`${url}/api/v1/health`)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`no health answer from ${url} within the time:\n${botLog}`);
    await new Promise((done) => setTimeout(done, 200));
  }
}

interface Deal {
  readonly id: string;
  readonly pair: string;
  readonly status: string;
}

beforeAll(async () => {
  port = await freePort();
  url = `http://127.0.0.1:${port}`;
  // BTC/USDT's buys rest a day (1440 candles, about 30 s at --pace 20): a buy far below the market stays pending through the test
  // ADA/USDT has a paper market for `pairs add`
  // no market panic rule: its pause (panic_sell) would land, at a market time a loaded machine
  // reaches while the tests still run, on top of the pauses the tests make and check
  const yaml = DEFAULT_YAML.replace(/^database: .*$/m, 'database: "sqlite:./bot.db"')
    .replace(/^ {2}panicSell: .*\n/m, '')
    .replace('orderLifeTime: 900', 'orderLifeTime: 86400')
    .replace('paper:\n', 'paper:\n  markets:\n    ADA/USDT: { startPrice: 0.5, priceStep: "0.0001", amountStep: "0.1", minAmount: "0.1", minCost: "5" }\n');
  writeFileSync(join(dir, 'dealbot.yaml'), `${yaml}\napi:\n  enabled: true\n  port: ${port}\n`);
  writeFileSync(join(dir, '.env'), `DEALBOT_API_TOKEN=${TOKEN}\n`, { mode: 0o600 });
  bot = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), join(ROOT, 'src/main.ts'), 'run', '-c', 'dealbot.yaml', '--api', '--candles', '1000000', '--pace', '20', '-q'], { cwd: dir, env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
  bot.stdout?.on('data', (chunk: Buffer) => (botLog += chunk.toString()));
  bot.stderr?.on('data', (chunk: Buffer) => (botLog += chunk.toString()));
  await waitForHealth(Date.now() + 90_000);
}, 120_000);

afterAll(async () => {
  if (bot && bot.exitCode === null) {
    const exited = new Promise((done) => bot?.once('exit', done));
    bot.kill('SIGINT');
    await exited;
  }
  rmSync(dir, { recursive: true, force: true });
  rmSync(elsewhere, { recursive: true, force: true });
}, 60_000);

describe('steering a running bot from the CLI', () => {
  it('status: a line for people and a table of the pairs; --json is the API\'s', async () => {
    const run = await dealbot(['status']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^paper mode, exchange .+, 1m candles, up .* ticks, \d+ open deals$/m);
    expect(run.stdout).toMatch(/^pair +last candle +close +RSI +MACD hist +working +paused$/m);
    const status = await json<{ mode: string; pairs: { pair: string }[]; openDeals: number }>(['status']);
    expect(status.mode).toBe('paper');
    expect(status.pairs.map((p) => p.pair)).toEqual(['BTC/USDT', 'ETH/USDT', 'SOL/USDT']);
  });

  it('says which bot answered with --verbose, reading the token from .env', async () => {
    const run = await dealbot(['status', '--verbose']);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`dealbot: the bot's API at ${url}, token from ${join(dir, '.env')}`);
    expect(run.stderr).toContain(`dealbot: reading from the running bot at ${url}`);
    expect(run.stderr).not.toContain(TOKEN);
  });

  it('balance: the paper account in a table and as JSON', async () => {
    const run = await dealbot(['balance']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^currency +free +used +total$/m);
    expect(run.stdout).toMatch(/^USDT +[\d.]+ +[\d.]+ +[\d.]+$/m);
    const { balances } = await json<{ balances: { currency: string; total: string }[] }>(['balance']);
    expect(balances.find((b) => b.currency === 'USDT')?.total).toMatch(/^\d+(\.\d+)?$/);
  });

  it('pairs list, then update: the change shows, with where the settings came from', async () => {
    const listed = await json<{ pairs: { symbol: string; source: string }[] }>(['pairs', 'list']);
    expect(listed.pairs.map((p) => p.symbol)).toEqual(['BTC/USDT', 'ETH/USDT', 'SOL/USDT']);
    const run = await dealbot(['pairs', 'update', 'BTC/USDT', '--deal-count', '6', '--deal-quota', '400']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^updated BTC\/USDT:$/m);
    const after = await json<{ pairs: { symbol: string; dealCount: number; dealQuota: string; source: string }[] }>(['pairs', 'list']);
    expect(after.pairs.find((p) => p.symbol === 'BTC/USDT')).toMatchObject({ dealCount: 6, dealQuota: '400', source: 'api' });
    const table = await dealbot(['pairs', 'list']);
    expect(table.stdout).toMatch(/^BTC\/USDT +default +400 +0\.004 +6 +86400 /m);
  });

  it('pairs add trades a new pair; pairs remove takes it away; removing it again is the API\'s 404', async () => {
    // a deal quota beyond the account: the new pair can open no deal, so it has none working when removed
    const added = await dealbot(['pairs', 'add', 'ADA/USDT', '--deal-quota', '1000000', '--profit-markup', '0.01', '--deal-count', '1', '--order-lifetime', '300']);
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    expect(added.stdout).toMatch(/^added ADA\/USDT:$/m);
    expect(added.stdout).toMatch(/^ADA\/USDT +default +1000000 +0\.01 +1 +300 .* api$/m);
    const listed = await json<{ pairs: { symbol: string }[] }>(['pairs', 'list']);
    expect(listed.pairs.map((p) => p.symbol)).toContain('ADA/USDT');
    const removed = await dealbot(['pairs', 'remove', 'ADA/USDT']);
    expect(removed.stderr).toBe('');
    expect(removed.code).toBe(0);
    expect(removed.stdout).toBe('removed ADA/USDT: the bot no longer trades it\n');
    const again = await dealbot(['pairs', 'remove', 'ADA/USDT']);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^dealbot: .*ADA\/USDT.* \[404 not_found\]\n$/);
    const unknown = await dealbot(['pairs', 'add', 'XRP/USDT', '--deal-quota', '10', '--profit-markup', '0.01', '--deal-count', '1', '--order-lifetime', '300']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^dealbot: .*XRP\/USDT.* \[400 invalid_request\]\n$/);
  });

  it('pause --for with a reason, seen in status; resume ends it', async () => {
    const paused = await dealbot(['pause', '--pair', 'ETH/USDT', '--for', '2h', '--reason', 'news at 14:00']);
    expect(paused.stderr).toBe('');
    expect(paused.code).toBe(0);
    expect(paused.stdout).toMatch(/^paused ETH\/USDT until \d{4}-\d\d-\d\d \d\d:\d\d \(news at 14:00\); working deals go on$/m);
    const status = await json<{ pairs: { pair: string; paused: { reason: string } | null }[] }>(['status']);
    expect(status.pairs.find((p) => p.pair === 'ETH/USDT')?.paused?.reason).toBe('news at 14:00');
    const resumed = await dealbot(['resume', '--pair', 'ETH/USDT']);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toBe('resumed ETH/USDT\n');
  });

  it('open-deal at a price far below the market rests; deals show finds it; deals cancel ends it; a second cancel is refused in one line', async () => {
    const opened = await json<{ deal: Deal }>(['open-deal', '--pair', 'BTC/USDT', '--price', '100']);
    expect(opened.deal).toMatchObject({ pair: 'BTC/USDT', status: 'pending' });
    const id = opened.deal.id;
    const shown = await dealbot(['deals', 'show', id]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(new RegExp(`^${id} +default +BTC/USDT +pending `, 'm'));
    expect(shown.stdout).toMatch(/^order +side +type +status +price /m);
    const cancelled = await dealbot(['deals', 'cancel', id]);
    expect(cancelled.stderr).toBe('');
    expect(cancelled.code).toBe(0);
    expect(cancelled.stdout).toMatch(new RegExp(`^cancelled deal ${id}:$`, 'm'));
    cancelledDeal = { id, json: await json<Record<string, unknown>>(['deals', 'show', id]) };
    const again = await dealbot(['deals', 'cancel', id]);
    expect(again.code).toBe(1);
    expect(again.stdout).toBe('');
    expect(again.stderr).toMatch(/^dealbot: .+ \[409 conflict\]\n$/);
  });

  it('--idempotency-key: a repeat gets the first answer without acting again; the same key with another body is refused', async () => {
    const first = await dealbot(['pause', '--pair', 'SOL/USDT', '--reason', 'retry test', '--idempotency-key', 'steer-e2e-pause']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const again = await dealbot(['pause', '--pair', 'SOL/USDT', '--reason', 'retry test', '--idempotency-key', 'steer-e2e-pause']);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(first.stdout);
    const other = await dealbot(['pause', '--pair', 'SOL/USDT', '--reason', 'another', '--idempotency-key', 'steer-e2e-pause']);
    expect(other.code).toBe(1);
    expect(other.stderr).toMatch(/^dealbot: .* \[409 conflict\]\n$/);
    expect((await dealbot(['resume', '--pair', 'SOL/USDT'])).code).toBe(0);
  });

  it('deals list reads the bot: a table, and --json in the API\'s shape with every page', async () => {
    const table = await dealbot(['deals', 'list', '--verbose']);
    expect(table.code).toBe(0);
    expect(table.stderr).toContain(`reading from the running bot at ${url}`);
    expect(table.stdout).toMatch(/^deal +bot +pair +status +opened +closed +bought +avg buy +sold +dust +PnL +reason$/m);
    const listed = await json<{ deals: Deal[]; nextCursor: null }>(['deals', 'list', '--pair', 'BTC/USDT']);
    expect(listed.nextCursor).toBeNull();
    expect(listed.deals.length).toBeGreaterThan(0);
    expect(new Set(listed.deals.map((d) => d.pair))).toEqual(new Set(['BTC/USDT']));
    const mine = await json<{ deals: Deal[] }>(['deals', 'list', '--bot', 'default']);
    expect(mine.deals.length).toBeGreaterThan(0);
    expect((await json<{ deals: Deal[] }>(['deals', 'list', '--bot', 'other'])).deals).toEqual([]);
  });

  it('close-all and panic-sell answer with the deals they sell; panic-sell pauses buying', async () => {
    const closed = await dealbot(['close-all', '--pair', 'SOL/USDT']);
    expect(closed.stderr).toBe('');
    expect(closed.code).toBe(0);
    expect(closed.stdout).toMatch(/^(no working deals to close on SOL\/USDT|closing \d+ deals on SOL\/USDT:)$/m);
    const panic = await json<{ deals: Deal[]; pausedUntil: number | null }>(['panic-sell', '--cooldown', '1']);
    expect(Array.isArray(panic.deals)).toBe(true);
    expect(panic.pausedUntil).toEqual(expect.any(Number));
    await dealbot(['resume']);
  });

  it('an input the API refuses is its message and fields in one line, exit 1', async () => {
    const run = await dealbot(['open-deal', '--pair', 'XRP/USDT']);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^dealbot: .*XRP\/USDT.* \[4\d\d [a-z_]+\]\n$/);
  });

  it('an unknown deal is the API\'s 404 in one line', async () => {
    const run = await dealbot(['deals', 'close', 'no-such-deal']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^dealbot: .* \[404 not_found\]\n$/);
  });

  it('a wrong token is said to be wrong, with where it came from, never shown', async () => {
    const run = await dealbot(['pause'], { env: { DEALBOT_API_TOKEN: 'not-the-token' } });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`^dealbot: the bot at ${url} refused the token from the environment: it is wrong \\(DEALBOT_API_TOKEN, read from the environment, then from \\.env in the current folder\\)`));
    expect(run.stderr).not.toContain('not-the-token');
    expect(run.stderr.split('\n')).toHaveLength(2);
  });

  it('no token where the CLI looks is said so, from a folder without .env', async () => {
    const run = await dealbot(['status', '--api-url', url], { cwd: elsewhere });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^dealbot: the bot at .* needs a token, and DEALBOT_API_TOKEN is not set/);
    expect(readdirSync(elsewhere)).toEqual([]);
  });

  it('DEALBOT_API_URL finds the bot from another folder; the token from the environment', async () => {
    const run = await dealbot(['pairs', 'list'], { cwd: elsewhere, env: { DEALBOT_API_URL: url, DEALBOT_API_TOKEN: TOKEN } });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^ETH\/USDT /m);
  });

  it('once the bot stops, acting commands say no bot is running and read commands read its database', async () => {
    const exited = new Promise((done) => bot?.once('exit', done));
    bot?.kill('SIGINT');
    await exited;
    const run = await dealbot(['close-all']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`dealbot: no dealbot is running at ${url} (start one with: dealbot run --api)\n`);
    const status = await dealbot(['status']);
    expect(status.stderr).toBe('');
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(new RegExp(`^no dealbot is running at ${url}; the database sqlite:\\./bot\\.db holds \\d+ deals:$`, 'm'));
    const listed = await dealbot(['deals', 'list', '--pair', 'BTC/USDT', '--verbose']);
    expect(listed.code).toBe(0);
    expect(listed.stderr).toContain('reading the database sqlite:./bot.db');
    expect(listed.stdout).toMatch(/^\S+ +default +BTC\/USDT +cancelled /m);
    // deals show reads the database into the API's shape: the same JSON as the bot answered
    const shown = await dealbot(['deals', 'show', cancelledDeal?.id ?? '', '--json']);
    expect(shown.code).toBe(0);
    expect(JSON.parse(shown.stdout)).toEqual(cancelledDeal?.json);
    const pairs = await json<{ pairs: { symbol: string }[] }>(['pairs', 'list']);
    expect(pairs.pairs.map((p) => p.symbol).sort()).toEqual(['BTC/USDT', 'ETH/USDT', 'SOL/USDT']);
  }, 60_000);
});
