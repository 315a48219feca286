#!/usr/bin/env -S GLIBC_TUNABLES=glibc.malloc.hugetlb=1 node
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runCli } from './interfaces/cli/program.js';
import type { CliDeps } from './interfaces/cli/session.js';
// Types only: the modules themselves are imported by the functions below, when called.
import type * as Backtest from './main/backtest.js';
import type * as Download from './main/download.js';
import type * as Paper from './main/paper.js';
import type * as Realtime from './main/realtime.js';
import type * as StoreModule from './main/store.js';

/**
 * The composition root: the one place that chooses adapters. The compositions live in main/;
 * each is imported when a command first uses it, so a command loads only what it runs
 * (`dealbot --help` loads no database driver, no ccxt, no pino, no zod; docs/architecture.md).
 */

export type { PaperAccount } from './main/paper-context.js';
export type { Store } from './main/store.js';
export type { RealtimeOptions } from './main/realtime.js';

type Compositions = typeof Paper & typeof Realtime & typeof Download & typeof StoreModule & typeof Backtest;

/** The database of the config, migrated, with events relayed as they commit. */
export async function openStore(...args: Parameters<Compositions['openStore']>): ReturnType<Compositions['openStore']> {
  return (await import('./main/store.js')).openStore(...args);
}

/** Paper trading on the simulated market or on replayed candles (main/paper.ts). */
export async function composePaperSession(...args: Parameters<Compositions['composePaperSession']>): ReturnType<Compositions['composePaperSession']> {
  return (await import('./main/paper.js')).composePaperSession(...args);
}

/** Live or paper trading on an exchange's real market data (main/realtime.ts, which loads ccxt). */
export async function composeRealtimeSession(...args: Parameters<Compositions['composeRealtimeSession']>): ReturnType<Compositions['composeRealtimeSession']> {
  return (await import('./main/realtime.js')).composeRealtimeSession(...args);
}

/** `data download`: an exchange's candles into the candle store (main/download.ts, which loads ccxt). */
export async function composeDownload(...args: Parameters<Compositions['composeDownload']>): ReturnType<Compositions['composeDownload']> {
  return (await import('./main/download.js')).composeDownload(...args);
}

/** A backtest over stored candles on the paper exchange (main/backtest.ts); tests and the bench import it from there. */
export async function composeBacktest(...args: Parameters<Compositions['composeBacktest']>): Promise<ReturnType<Compositions['composeBacktest']>> {
  return (await import('./main/backtest.js')).composeBacktest(...args);
}

/** `dealbot optimize`'s worker threads (main/optimize.ts); their module is found beside this one, in src/, dist/ or bundle/. */
const startTrialPool: CliDeps['startTrialPool'] = async (series, workers) => (await import('./main/optimize.js')).startTrialPool(import.meta.url, series, workers);

/** The REST API over a run's session (main/api.ts, which loads Fastify). */
export async function prepareApi(...args: Parameters<CliDeps['prepareApi']>): ReturnType<CliDeps['prepareApi']> {
  return (await import('./main/api.js')).prepareApi(...args);
}

/** The exchange connector's log (pino), loaded with the first logger asked for. */
export async function exchangeLogger(): ReturnType<CliDeps['exchangeLogger']> {
  return (await import('./main/exchange-logger.js')).exchangeLogger();
}

/** SQLite or PostgreSQL by the URL; the drivers (kysely, better-sqlite3, pg) load with the first database opened. */
const openDatabase: CliDeps['openDatabase'] = async (url, options) => (await import('./infrastructure/persistence/sql/index.js')).openDatabase(url, options);

/** The destinations a run relays its committed events to (the brokers' clients load only when configured). */
const eventDestinations: NonNullable<CliDeps['eventDestinations']> = async (config) =>
  (await import('./infrastructure/events/destinations/index.js')).buildDestinations(config.events.destinations, process.env);

/** The one destination `events replay` sends to. */
const eventDestination: CliDeps['eventDestination'] = async (config) => {
  const [destination] = await (await import('./infrastructure/events/destinations/index.js')).buildDestinations([config], process.env);
  if (destination === undefined) {
    const { ConfigError } = await import('./infrastructure/config/config-error.js');
    throw new ConfigError(`events.destinations ${config.name ?? config.type}: the console log is not a destination to replay to; use \`dealbot events tail\``);
  }
  return destination;
};

/** The config's strategy for `dealbot check-bias` (main/paper-context.ts chooses it, as for a run). */
const strategyOver: CliDeps['strategyOver'] = async (config) => {
  const strategy = (await import('./main/paper-context.js')).strategyOf(config);
  return () => strategy;
};

/**
 * Keeps V8's young generation at its starting size (2 x 1 MB) from here on. By default V8 doubles
 * it whenever enough survives a scavenge, up to 2 x 16 MB, and never hands those pages back:
 * loading the modules and a live run's warm-up grow it to 32 MB, of which ~2 MB is in use once
 * the bot idles between candles. Node reads `--semi-space-growth-factor` each time the space
 * would grow, so setting it before the command runs takes effect (a Node that ignored it would
 * only keep V8's default). Measured (figures in the commit that added this): a live run at 100
 * pairs x 500 candles keeps ~24 MB less resident.
 */
function holdYoungGeneration(): void {
  setFlagsFromString('--semi-space-growth-factor=1');
}

/**
 * The commands that stay up and idle between events (a trading session, a tail of events) hold
 * their young generation; the others run to an end (a backtest, optimize, its queue worker, one-shot
 * commands) and keep V8's default growth, for throughput. Held, a backtest of 100 pairs x 10,000
 * candles scavenged ~160 times with 130-200 ms of pauses, against ~25 times and 80-120 ms
 * (--trace-gc, three runs each). The command is the first word that is not an option (the only
 * option before it is `--debug`).
 */
const HELD_COMMANDS: ReadonlySet<string> = new Set(['run', 'events']);

export const DEFAULT_CONFIG_PATH = fileURLToPath(new URL('../config/default.yaml', import.meta.url));

/** What the CLI is handed: the compositions above and the adapters its commands use. */
/** BullMQ and ioredis load with the first queue opened. */
const openTrialQueue: CliDeps['openTrialQueue'] = async (url, name) => (await import('./main/queue-trials.js')).openTrialQueue(url, name);
const startTrialWorker: CliDeps['startTrialWorker'] = async (url, name, studies, setup) => (await import('./main/queue-trials.js')).startTrialWorker(url, name, studies, setup);

export const CLI_DEPS: CliDeps = { openTrialQueue, startTrialWorker, composePaperSession, composeRealtimeSession, composeBacktest, startTrialPool, composeDownload, openDatabase, exchangeLogger, prepareApi, eventDestinations, eventDestination, strategyOver, candleStore: async (dataDir) => new (await import('./infrastructure/market-data/candle-store/candle-store.js')).CandleStore(dataDir), defaultConfigPath: DEFAULT_CONFIG_PATH };

if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (HELD_COMMANDS.has(process.argv.slice(2).find((arg) => !arg.startsWith('-')) ?? '')) holdYoungGeneration();
  process.exitCode = await runCli(process.argv, CLI_DEPS);
}
