import { afterAll, expect } from 'vitest';
import type { DealSnapshot } from '../../../../src/domain/deal/deal.snapshot.js';
import { dec, ZERO } from '../../../../src/domain/shared/decimal.js';
import { BinanceSim } from '../../../support/binance-sim/binance-sim.js';
import { RT_MARKETS, RT_PRICES, RT_SYMBOLS, tempDir, writeBotConfig, type BotConfigOptions, type BotPairConfig } from '../../../support/realtime/bot-config.js';
import { assertNoSecretsCaptured, BotProcess, DUMMY_KEYS } from '../../../support/realtime/bot-process.js';
import { localStatus } from '../../../support/realtime/db-state.js';
import { CYCLE, MinuteScript } from '../../../support/realtime/minute-script.js';

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
export async function startRig(options: Partial<BotConfigOptions> & { readonly gapAt?: (k: number) => boolean } = {}): Promise<Rig> {
  const sim = await BinanceSim.start({ markets: RT_MARKETS, balances: { USDT: START_USDT }, credentials: { apiKey: DUMMY_KEYS.apiKey, secret: DUMMY_KEYS.secret } });
  const dir = tempDir();
  const database = options.database ?? `sqlite:${dir.path}/state.db`;
  const { gapAt, ...configOptions } = options;
  const config = writeBotConfig(dir.path, { urls: sim.urls.api, pairs: PAIRS, ...configOptions, database });
  const script = new MinuteScript(sim, RT_PRICES, undefined, undefined, gapAt);
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

/**
 * Live mode: streams minutes [from, to] to their close, waiting before a signal's fill candle
 * until the cycle's buys rest on the server, and before the next one until its sells do: the
 * server matches only orders it has when a candle closes, and the bot answers a candle only
 * once the next one opens.
 */
export async function driveLive(rig: Rig, bot: BotProcess, from: number, to: number): Promise<void> {
  const placed = (side: 'BUY' | 'SELL') => rig.sim.orders().filter((o) => o.side === side).length;
  for (let k = from; k <= to; k += 1) {
    const cycle = Math.floor(k / CYCLE.length);
    const wanted = (cycle + 1) * PAIRS.length;
    if (k === signalMinute(cycle) + 1) await bot.waitUntil(() => placed('BUY') >= wanted, `the buys of cycle ${cycle}`);
    if (k === signalMinute(cycle) + 2) await bot.waitUntil(() => placed('SELL') >= wanted, `the sells of cycle ${cycle}`);
    rig.script.step(k);
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
