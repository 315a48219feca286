import { fork, type ChildProcess } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SignalParams } from '../../src/domain/services/signal.service.js';
import { BinanceSim, SIM_CREDENTIALS } from '../../test/support/binance-sim/binance-sim.js';
import type { BotMessage, BotSettings } from './bot-process.js';
import type { ReaderResult, ReaderSettings } from './readers-process.js';
import { MarketScript, marketsFor, MINUTE, symbolOf } from './market-script.js';

export interface ScenarioOptions {
  readonly pairs: number;
  /** Closed candles per pair before streaming starts; also the trading loop's window. */
  readonly history: number;
  readonly ticks: number;
  /** Ticks whose orders are not counted (JIT and connection warm-up). */
  readonly warmUpTicks: number;
  readonly strategy: SignalParams;
  readonly rateLimitMs?: number;
  /**
   * Readers of the bot's REST API while it trades (a process of their own): from the first
   * counted tick for `durationSeconds`; ticks go on streaming until they are done.
   */
  readonly readers?: { readonly connections: number; readonly subscribers: number; readonly durationSeconds: number };
}

export interface ScenarioResult {
  /** Per buy order: ms from the sim sending the tick's closing klines to it receiving POST /api/v3/order. */
  readonly buyLatencies: number[];
  readonly sellLatencies: number[];
  /** Timed inside the bot (its monotonic clock), counted ticks only. */
  readonly inBot: {
    /** Per buy order: ms from the arrival of the kline that closed its tick to its create-order request leaving. */
    readonly buys: number[];
    /** Per tick that stored something before sending: ms of its write-ahead transaction (commit and fsync). */
    readonly commits: number[];
    /** The same ticks: ms of the whole save, the outbox relay's publishing after the commit included. */
    readonly saves: number[];
    /** Per tick: ms from the closing kline's arrival to the tick handed to the loop. */
    readonly assembled: number[];
    /** Per tick that read the balance: ms from the closing kline's arrival to the balance answer. */
    readonly balances: number[];
  };
  /** ms the sim took to send one tick's klines (2 per pair). */
  readonly sendMs: number[];
  /** The request weight (Binance's, as the server counts it) of each counted tick's requests. */
  readonly weightPerTick: number[];
  readonly ticks: number;
  readonly memory: { readonly rss: number; readonly heapUsed: number };
  /** The machine's 1-minute load average at the end: other work on it shows in the figures. */
  readonly load: number;
  readonly readers?: ReaderResult;
}

const COMPRESSED_TIME_LIMITS = { requestWeightPerMinute: 1e9, ordersPer10Seconds: 1e9, ordersPerDay: 1e9 };

const BOT = fileURLToPath(new URL('./bot-process.ts', import.meta.url));

const READERS = fileURLToPath(new URL('./readers-process.ts', import.meta.url));
const API_TOKEN = 'b'.repeat(64);

/** The readers' process; resolves with what they measured. */
function runReaders(settings: ReaderSettings): Promise<ReaderResult> {
  const readers = fork(READERS, [], { execArgv: ['--import', 'tsx'], env: { ...process.env, API_READERS: JSON.stringify(settings) }, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    readers.once('message', (m: ReaderResult) => resolve(m));
    readers.once('exit', (code) => reject(new Error(`the readers exited with ${code} before reporting`)));
  });
}

const forkBot = (env: string): ChildProcess =>
  fork(BOT, [], { execArgv: ['--import', 'tsx', '--expose-gc'], env: { ...process.env, LATENCY_BOT: env }, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });

/** Memory of the bot process with its modules loaded and nothing running: what the figures sit on. */
export async function baselineMemory(): Promise<{ readonly rss: number; readonly heapUsed: number }> {
  const bot = forkBot(JSON.stringify({ baseline: true }));
  return new Promise((resolve, reject) => {
    bot.once('message', (m: BotMessage) => (m.type === 'memory' ? resolve(m) : reject(new Error(`unexpected ${m.type}`))));
    bot.once('exit', (code) => reject(new Error(`the baseline process exited with ${code} before reporting`)));
  });
}

/** Waits for `condition` in wall time; fails after `timeoutMs` or when the bot failed. */
async function until(condition: () => boolean, what: string, failed: () => string | null, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    const error = failed();
    if (error !== null) throw new Error(`the bot failed while waiting for ${what}: ${error}`);
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(1);
  }
}

/**
 * Streams `ticks` minutes of `pairs` pairs from the local server to the bot process and times,
 * on the server's clock, each order the bot sends against the moment the server started
 * sending the klines that closed the tick.
 */
export async function runScenario(options: ScenarioOptions): Promise<ScenarioResult> {
  const symbols = Array.from({ length: options.pairs }, (_, i) => symbolOf(i));
  const t0 = Math.floor(Date.now() / MINUTE) * MINUTE + 2 * MINUTE;
  const script = new MarketScript(t0);
  // The bench plays a minute per tick in well under a second: Binance's per-minute and per-10-s
  // limits would throttle the replayed hour. They are lifted here (and the bot's order budget is
  // off, bot-process.ts); the weight each tick spends is counted and reported against them instead.
  const sim = await BinanceSim.start({ markets: marketsFor(options.pairs), balances: { USDT: '100000000' }, credentials: SIM_CREDENTIALS, rateLimits: COMPRESSED_TIME_LIMITS });
  for (let k = -options.history; k < 0; k += 1) symbols.forEach((s, i) => sim.pushCandle(s, script.finalCandle(i, k)));
  const settings: BotSettings = { urls: sim.urls.api, credentials: SIM_CREDENTIALS, symbols, now: t0 + 5_000, windowSize: options.history, strategy: options.strategy, ...(options.rateLimitMs !== undefined && { rateLimitMs: options.rateLimitMs }), ...(options.readers && { apiToken: API_TOKEN }) };
  const messages: BotMessage[] = [];
  let bot: ChildProcess | null = null;
  try {
    bot = forkBot(JSON.stringify(settings));
    bot.on('message', (m: BotMessage) => messages.push(m));
    const failed = (): string | null => {
      const failure = messages.find((m) => m.type === 'failed');
      return failure?.type === 'failed' ? failure.error : bot?.exitCode !== null ? `exited with ${bot?.exitCode}` : null;
    };
    await until(() => sim.streamStats.subscriptions === symbols.length, 'the kline subscriptions', failed);
    symbols.forEach((s, i) => sim.pushCandle(s, script.firstUpdate(i, 0), { final: false }));
    const sentAt: number[] = [];
    const sendMs: number[] = [];
    let readers: Promise<ReaderResult> | null = null;
    let readersDone: ReaderResult | null = null;
    let ticks = options.ticks;
    for (let k = 0; k < ticks || (readers !== null && readersDone === null); k += 1) {
      if (k === options.warmUpTicks && options.readers) {
        const api = messages.find((m) => m.type === 'api');
        if (api?.type !== 'api') throw new Error('the bot did not report its API');
        readers = runReaders({ url: api.url, token: API_TOKEN, ...options.readers });
        readers.then((r) => void (readersDone = r)).catch(() => undefined);
      }
      ticks = Math.max(ticks, k + 1);
      const started = Date.now();
      const t = performance.now();
      symbols.forEach((s, i) => {
        sim.pushCandle(s, script.finalCandle(i, k));
        sim.pushCandle(s, script.firstUpdate(i, k + 1), { final: false });
      });
      sendMs.push(performance.now() - t);
      sentAt.push(started);
      const openTime = t0 + k * MINUTE;
      await until(() => messages.some((m) => m.type === 'tick' && m.openTime === openTime), `tick ${k}`, failed);
      await sleep(20);
    }
    const tickOf = (at: number): number => sentAt.findLastIndex((s) => s <= at);
    const latencies = (side: string): number[] =>
      sim
        .requests('createOrder')
        .filter((r) => r.params['side'] === side && tickOf(r.at) >= options.warmUpTicks)
        .map((r) => r.at - sentAt[tickOf(r.at)]!);
    const weightPerTick = sentAt.slice(options.warmUpTicks).map(() => 0);
    for (const r of sim.requests()) {
      const tick = tickOf(r.at) - options.warmUpTicks;
      if (tick >= 0) weightPerTick[tick]! += r.weight;
    }
    const readerResult = readers === null ? undefined : await readers;
    bot.send('memory');
    await until(() => messages.some((m) => m.type === 'memory'), 'the memory figures', failed);
    const memory = messages.find((m) => m.type === 'memory');
    if (memory?.type !== 'memory') throw new Error('no memory figures');
    const counted = messages.flatMap((m) => (m.type === 'tick' && m.openTime >= t0 + options.warmUpTicks * MINUTE ? [m.timing] : []));
    const inBot = {
      buys: counted.flatMap((t) => t.buys),
      commits: counted.flatMap((t) => (t.commit === null ? [] : [t.commit])),
      saves: counted.flatMap((t) => (t.save === null ? [] : [t.save])),
      assembled: counted.map((t) => t.assembled),
      balances: counted.flatMap((t) => (t.balance === null ? [] : [t.balance[1]])),
    };
    return { buyLatencies: latencies('BUY'), sellLatencies: latencies('SELL'), inBot, sendMs: sendMs.slice(options.warmUpTicks), weightPerTick, ticks: ticks - options.warmUpTicks, memory, load: loadavg()[0] ?? NaN, ...(readerResult && { readers: readerResult }) };
  } finally {
    if (bot !== null && bot.exitCode === null) {
      const exited = new Promise((resolve) => bot!.once('exit', resolve));
      bot.send('stop');
      await Promise.race([exited, sleep(10_000)]);
      if (bot.exitCode === null) bot.kill();
    }
    await sim.stop();
  }
}
