import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { stringify } from 'yaml';
import { BinanceSim, SIM_CREDENTIALS } from '../test/support/binance-sim/binance-sim.js';
import { MarketScript, marketsFor, MINUTE, symbolOf } from './latency/market-script.js';
import type { BenchResult } from './result.js';

// The compiled program (`node dist/main.js run`, as `npm run bench` builds it) trading live
// against the local Binance server: its memory at 100 pairs x 500 candles beside the idle
// process's (the same modules loaded, nothing running). Issue 18: RSS at most 150 MB, heap
// growth over the idle process at most 10 MB.
const PAIRS = 100;
const CANDLES = 500;
const TICKS = 20;
/** A tick is done when the server has heard nothing from the bot for this long (ccxt's Binance limiter spaces requests ~50-100 ms). */
const QUIET_MS = 400;

const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const PROBE = fileURLToPath(new URL('./live-memory/memory-probe.mjs', import.meta.url));
const IDLE = fileURLToPath(new URL('./live-memory/idle-process.mjs', import.meta.url));
const RECORDER = fileURLToPath(new URL('../test/support/module-recorder.mjs', import.meta.url));

interface Memory {
  readonly rss: number;
  readonly heapUsed: number;
  readonly heapTotal: number;
  readonly external: number;
  readonly arrayBuffers: number;
}

/** A dealbot config for `pairs` pairs of the bench market on the local server, written into `dir`. */
function writeConfig(dir: string, sim: BinanceSim, pairs: number, windowSize: number): string {
  const config = {
    mode: 'live',
    database: `sqlite:${join(dir, 'state.db')}`,
    windowSize,
    // the default MACD(12,26,9) cross, RSI left out of it so the bot decides on every cross (as bench/latency.bench.ts)
    strategy: { rsiBuyBelow: 100, rsiSellAbove: 0 },
    market: { source: 'exchange' },
    exchange: { id: 'binance', urls: sim.urls.api, timeoutMs: 10_000 },
    pairs: Array.from({ length: pairs }, (_, i) => ({ symbol: symbolOf(i), dealQuota: '20', profitMarkup: '0.001', dealCount: 1, orderLifeTime: 600 })),
  };
  const path = join(dir, 'dealbot.yaml');
  writeFileSync(path, stringify(config));
  return path;
}

/** The local server with `pairs` markets and `history` closed candles each, the script that continues them. */
async function market(pairs: number, history: number): Promise<{ sim: BinanceSim; script: MarketScript }> {
  const script = new MarketScript(Math.floor(Date.now() / MINUTE) * MINUTE + 2 * MINUTE);
  const sim = await BinanceSim.start({ markets: marketsFor(pairs), balances: { USDT: '100000000' }, credentials: SIM_CREDENTIALS });
  for (let k = -history; k < 0; k += 1) for (let i = 0; i < pairs; i += 1) sim.pushCandle(symbolOf(i), script.finalCandle(i, k));
  return { sim, script };
}

function spawnNode(args: readonly string[], env: Record<string, string>, cwd: string): { child: ChildProcess; stdout: () => string; stderr: () => string } {
  const child = spawn(process.execPath, args, { cwd, env: { ...process.env, ...env, DEALBOT_API_KEY: SIM_CREDENTIALS.apiKey, DEALBOT_API_SECRET: SIM_CREDENTIALS.secret }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return { child, stdout: () => out, stderr: () => err };
}

async function until(condition: () => boolean, what: string, child: ChildProcess, stderr: () => string, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (child.exitCode !== null) throw new Error(`exited ${child.exitCode} while waiting for ${what}: ${stderr().slice(-2000)}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${stderr().slice(-2000)}`);
    await sleep(20);
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(30_000)]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

/** Streams `ticks` minutes; each waits until the bot has gone quiet on the server (its deal updates and orders done). */
async function stream(sim: BinanceSim, script: MarketScript, pairs: number, ticks: number): Promise<void> {
  let last = Date.now();
  const off = sim.onRequest(() => void (last = Date.now()));
  try {
    for (let i = 0; i < pairs; i += 1) sim.pushCandle(symbolOf(i), script.firstUpdate(i, 0), { final: false });
    for (let k = 0; k < ticks; k += 1) {
      for (let i = 0; i < pairs; i += 1) {
        sim.pushCandle(symbolOf(i), script.finalCandle(i, k));
        sim.pushCandle(symbolOf(i), script.firstUpdate(i, k + 1), { final: false });
      }
      last = Date.now();
      while (Date.now() - last < QUIET_MS) await sleep(20);
    }
  } finally {
    off();
  }
}

/** The module list of a short `dealbot run` of the same kind (its own server, 5 pairs x 60 candles, 3 ticks). */
async function recordModules(dir: string): Promise<string> {
  const { sim, script } = await market(5, 60);
  const list = join(dir, 'modules.txt');
  try {
    const config = writeConfig(mkdtempSync(join(dir, 'rec-')), sim, 5, 60);
    const run = spawnNode(['--import', RECORDER, MAIN, 'run', '-c', config, '--live', '--quiet'], { DEALBOT_MODULE_LOG: list }, dir);
    await until(() => sim.streamStats.subscriptions === 5, 'the recorded run\'s subscriptions', run.child, run.stderr);
    await stream(sim, script, 5, 3);
    await stop(run.child);
  } finally {
    await sim.stop();
  }
  return list;
}

/** Asks the probe in `child` for its memory (after a full GC) and waits for the line. */
async function probe(child: ChildProcess, file: string, stderr: () => string): Promise<Memory> {
  const lines = (): string[] => readFileSync(file, 'utf8').split('\n').filter(Boolean);
  writeFileSync(file, '');
  child.kill('SIGUSR2');
  await until(() => lines().length > 0, 'the memory probe', child, stderr, 30_000);
  return JSON.parse(lines()[0]!) as Memory;
}

/** Peak resident set of a running process, from /proc (Linux). */
const peakRss = (pid: number): number => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) * 1024;

const mb = (bytes: number): number => Math.round((bytes / 1_048_576) * 10) / 10;

export default async function liveMemoryBench(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'dealbot-live-memory-'));
  try {
    const modules = await recordModules(dir);
    const memoryFile = join(dir, 'memory.jsonl');
    const probeEnv = { DEALBOT_MEMORY_PROBE: memoryFile };
    const flags = ['--expose-gc', '--import', PROBE];

    const { sim, script } = await market(PAIRS, CANDLES);
    let running: Memory;
    let peak: number;
    let orders: number;
    try {
      const config = writeConfig(dir, sim, PAIRS, CANDLES);
      const bot = spawnNode([...flags, MAIN, 'run', '-c', config, '--live', '--quiet'], probeEnv, dir);
      try {
        await until(() => sim.streamStats.subscriptions === PAIRS, 'the kline subscriptions', bot.child, bot.stderr);
        await stream(sim, script, PAIRS, TICKS);
        running = await probe(bot.child, memoryFile, bot.stderr);
        peak = peakRss(bot.child.pid!);
        orders = sim.requests('createOrder').length;
      } finally {
        await stop(bot.child);
      }
    } finally {
      await sim.stop();
    }

    const idleProcess = spawnNode([...flags, IDLE, modules, pathToFileURL(MAIN).href], probeEnv, dir);
    let idle: Memory;
    try {
      await until(() => idleProcess.stdout().includes('ready'), 'the idle process', idleProcess.child, idleProcess.stderr);
      idle = await probe(idleProcess.child, memoryFile, idleProcess.stderr);
    } finally {
      await stop(idleProcess.child);
    }

    const note = `node dist/main.js run --live against the local Binance server (ccxt's Binance limiter), SQLite file, ${TICKS} ticks, ${orders} orders sent; after a full GC; idle: the modules such a run loads (${readFileSync(modules, 'utf8').split('\n').filter(Boolean).length} recorded entries), loaded and nothing run; external ${mb(running.external)} MB (idle ${mb(idle.external)}); peak RSS ${mb(peak)} MB; load average ${loadavg()[0]!.toFixed(1)}`;
    const result = (what: string, value: number, reference: number, unit = 'MB'): BenchResult => ({ suite: 'live-memory', name: `${what} at ${PAIRS} pairs x ${CANDLES} candles`, value, unit, reference: { name: `idle process ${what}`, value: reference }, ratio: Math.round((value / reference) * 100) / 100, note });
    return [
      result('RSS', mb(running.rss), mb(idle.rss)),
      result('heap used', mb(running.heapUsed), mb(idle.heapUsed)),
      { suite: 'live-memory', name: `heap growth over the idle process at ${PAIRS} pairs x ${CANDLES} candles`, value: mb(running.heapUsed - idle.heapUsed), unit: 'MB', note },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
