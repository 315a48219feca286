import { afterAll, expect } from 'vitest';
import type { DealSnapshot } from '../../../../src/domain/deal/deal.snapshot.js';
import { dec, ZERO } from '../../../../src/domain/shared/decimal.js';
import { BinanceSim } from '../../../support/binance-sim/binance-sim.js';
import { RT_MARKETS, RT_PRICES, RT_SYMBOLS, tempDir, writeBotConfig, type BotConfigOptions, type BotPairConfig } from '../../../support/realtime/bot-config.js';
import { assertNoSecretsCaptured, BotProcess, DUMMY_KEYS } from '../../../support/realtime/bot-process.js';
import { localStatus, readDbState } from '../../../support/realtime/db-state.js';
import { CYCLE, MinuteScript, type PriceShape } from '../../../support/realtime/minute-script.js';

/** One deal per pair and cycle: dealQuota / close bought at the dip, sold 1 % above the fill. */
export const PAIRS: readonly BotPairConfig[] = [
  { symbol: 'BTC/USDT', dealQuota: '500', profitMarkup: '0.01', dealCount: 1, orderLifeTime: 600 },
  { symbol: 'ETH/USDT', dealQuota: '300', profitMarkup: '0.01', dealCount: 1, orderLifeTime: 600 },
  { symbol: 'SOL/USDT', dealQuota: '200', profitMarkup: '0.01', dealCount: 1, orderLifeTime: 600 },
];

export const START_USDT = '10000';

/** Minutes of flat history before minute 0 (REST), enough to warm QUICK_STRATEGY up. */
export const WARMUP = 30;

export interface Rig {
  readonly sim: BinanceSim;
  readonly script: MinuteScript;
  readonly dir: string;
  readonly database: string;
  readonly config: string;
  /** Every process spawned, disposed of at close(). */
  readonly bots: BotProcess[];
  /** `dealbot run -c <config>`, live with `--mode live --live`. */
  run(mode: 'paper' | 'live', extra?: readonly string[]): BotProcess;
  /** Waits until `bot` has subscribed to the candles of every pair. */
  subscribed(bot: BotProcess): Promise<void>;
  /** `dealbot deals list --json --database <db>`, parsed. */
  dealsList(): Promise<DealSnapshot[]>;
  close(): Promise<void>;
}

/** The local server with three markets and flat history, a temp dir with a config and an SQLite file. */
export async function startRig(options: Partial<BotConfigOptions> & { readonly shape?: PriceShape; readonly gapAt?: (k: number) => boolean } = {}): Promise<Rig> {
  const sim = await BinanceSim.start({ markets: RT_MARKETS, balances: { USDT: START_USDT }, credentials: { apiKey: DUMMY_KEYS.apiKey, secret: DUMMY_KEYS.secret } });
  const dir = tempDir();
  const database = options.database ?? `sqlite:${dir.path}/state.db`;
  const { gapAt, shape, ...configOptions } = options;
  const config = writeBotConfig(dir.path, { urls: sim.urls.api, pairs: PAIRS, ...configOptions, database });
  const script = new MinuteScript(sim, RT_PRICES, shape, undefined, gapAt);
  script.pushHistory(-WARMUP, 0);
  const bots: BotProcess[] = [];
  return {
    sim,
    script,
    dir: dir.path,
    database,
    config,
    bots,
    run(mode, extra = []) {
      const bot = BotProcess.spawn(['run', '-c', config, ...(mode === 'live' ? ['--mode', 'live', '--live'] : []), ...extra], { label: `dealbot run (${mode} #${bots.length + 1})` });
      bots.push(bot);
      return bot;
    },
    subscribed: (bot) => bot.waitUntil(() => sim.streamStats.subscriptions === RT_SYMBOLS.length, 'the candle subscription of every pair', 60_000),
    async dealsList() {
      const { exit, stdout, stderr } = await BotProcess.run(['deals', 'list', '--json', '--database', database], { label: 'dealbot deals list' });
      expect(exit.code, stderr).toBe(0);
      return JSON.parse(stdout) as DealSnapshot[];
    },
    async close() {
      for (const bot of bots) await bot.dispose();
      await sim.stop();
      dir.remove();
    },
  };
}

/** The minute of cycle c on which every pair says BULLISH (QUICK_STRATEGY over cycleShape). */
export const signalMinute = (cycle: number): number => cycle * CYCLE.length + 5;

/** Deals the database holds as closed (read while the bot runs: WAL on SQLite, MVCC on PostgreSQL). */
export async function closedDeals(rig: Rig): Promise<number> {
  return (await readDbState(rig.database)).deals.filter((d) => d.status === 'closed').length;
}

/** Polls the database until it holds `closed` closed deals; false after `timeoutMs`; fails at once if the bot exits. */
async function awaitClosed(rig: Rig, bot: BotProcess, closed: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!bot.running) throw new Error(`${bot.label}: exited while ${closed} deals were to close\n${bot.tail()}`);
    if ((await closedDeals(rig)) >= closed) return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Waits until the database holds `closed` closed deals; fails after `timeoutMs` or when the bot exits. */
export async function waitClosed(rig: Rig, bot: BotProcess, closed: number, timeoutMs = 30_000): Promise<void> {
  if (!(await awaitClosed(rig, bot, closed, timeoutMs))) throw new Error(`${bot.label}: ${closed} deals not closed after ${timeoutMs} ms (${await closedDeals(rig)} are)\n${bot.tail()}`);
}

/**
 * Live mode: streams minutes [from, to] to their close, in step with the bot where it matters:
 * the server matches only the orders it has when a candle closes, and the bot acts on a candle
 * once the next one opens. Before a signal's candle closes, the deals of the cycles before must
 * be closed (one deal per pair at a time); before the candle after it closes, the cycle's buys
 * must rest on the server; before each of the next nine, the test gives the bot up to 3 s to
 * place the sells (it learns of the fills at the next candle, or a little later from an order
 * stream); the cycle keeps the price above the sells for those minutes. The waits are for
 * answers to candles already streamed, so they cannot starve the bot.
 */
export async function driveLive(rig: Rig, bot: BotProcess, from: number, to: number): Promise<void> {
  const placed = (side: 'BUY' | 'SELL') => rig.sim.orders().filter((o) => o.side === side).length;
  for (let k = from; k <= to; k += 1) {
    const cycle = Math.floor(k / CYCLE.length);
    const signal = signalMinute(cycle);
    const wanted = (cycle + 1) * PAIRS.length;
    if (k === signal && cycle > 0) await waitClosed(rig, bot, cycle * PAIRS.length);
    if (k === signal + 1) await bot.waitUntil(() => placed('BUY') >= wanted, `the buys of cycle ${cycle}`);
    if (k >= signal + 2 && k <= signal + 10) await within(3_000, () => placed('SELL') >= wanted, bot);
    rig.script.finish(k);
    // Fills go out on the order stream as the candle closes; a moment before the next candle opens
    // lets the bot act on them at this candle rather than the next (only speed depends on it).
    if (k >= signal + 1 && k <= signal + 2) await new Promise((r) => setTimeout(r, 150));
    rig.script.open(k + 1);
  }
}

/** Polls `condition` for up to `ms`; false when it does not hold by then. Fails at once if the bot exits. */
async function within(ms: number, condition: () => boolean, bot: BotProcess): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (!bot.running) throw new Error(`${bot.label}: exited\n${bot.tail()}`);
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 10));
  }
  return true;
}

/**
 * Streams minute after minute from `from` until the database holds `closed` closed deals; fails
 * past minute `last`. Before each minute closes, the bot gets up to 3 s to have `sells` sells on
 * the server; after it, up to 1 s to close the deals (150 ms between a candle's close and the next
 * one's open let streamed fills arrive first, as in driveLive). Returns the next minute.
 */
export async function driveUntilClosed(rig: Rig, bot: BotProcess, from: number, closed: number, last: number, sells = closed): Promise<number> {
  const placed = () => rig.sim.orders().filter((o) => o.side === 'SELL' && o.status !== 'CANCELED').length;
  for (let k = from; ; k += 1) {
    if (await awaitClosed(rig, bot, closed, k === from ? 0 : 1_000)) return k;
    if (k > last) throw new Error(`${closed} deals not closed by minute ${last} (${await closedDeals(rig)} are)\n${bot.tail()}`);
    await within(3_000, () => placed() >= sells, bot);
    rig.script.finish(k);
    await new Promise((r) => setTimeout(r, 150));
    rig.script.open(k + 1);
  }
}

/** [client order id, status, filled] of every order: the server's book and the deals, comparable. */
export function serverBook(sim: BinanceSim): string[][] {
  return sim
    .orders()
    .map((o) => [o.clientOrderId, localStatus(o), o.executedQty.toString()])
    .sort((a, b) => a[0]!.localeCompare(b[0]!));
}

export function dealsBook(deals: readonly DealSnapshot[]): string[][] {
  return deals
    .flatMap((d) => d.orders.map((o) => [o.clientOrderId, o.status, o.fills.reduce((s, f) => s.plus(dec(f.amount)), ZERO).toString()]))
    .sort((a, b) => a[0]!.localeCompare(b[0]!));
}

/** Registers the check that this file's bots wrote output and none of it shows a dummy secret. */
export function expectNoSecretsInOutput(): void {
  afterAll(() => {
    assertNoSecretsCaptured();
  });
}

/** Waits (wall time) until `condition` holds, failing with `what` after `timeoutMs`. */
export async function until(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
