import { InvalidArgumentError, type Command } from 'commander';
import type { Timeframe } from '../../domain/shared/candle.js';
import { isOperatorResolution, OPERATOR_RESOLUTIONS } from '../../domain/order/operator-resolution.js';
import { API_TOKEN_VARIABLE } from '../../infrastructure/config/credentials.js';
import { DEFAULT_CANDLE_DIR } from '../../infrastructure/market-data/candle-store/store-defaults.js';
import { LOCAL_CONFIG } from './api-target.js';
import type { BacktestOptions } from './backtest.command.js';
import type { CheckBiasOptions } from './check-bias.command.js';
import { exchangeId, feeRate, pairList, pairOption, positiveDecimal, studyIdOption, timeframeOption, utcDate, wholeNumber } from './cli-options.js';
import type { ConfigInitOptions } from './config-init.command.js';
import type { DataDownloadOptions, DataImportOptions, DataListOptions } from './data.command.js';
import type { DbOptions } from './db.command.js';
import type { OptimizeOptions } from './optimize.command.js';
import type { WorkerOptions } from './worker.command.js';
import type { ReconcileOptions } from './reconcile.command.js';
import type { CliDeps } from './session.js';

/**
 * The commands that work on files, the database and the bot's own process: their names, options
 * and help. Each action imports its command's module when it runs (docs/architecture.md, "Lazy
 * loading"): `dealbot --help` loads this file, the option parsers and the constants of the help.
 */

export function declareRun(program: Command, deps: CliDeps): void {
  program
    .command('run')
    .description('trade: paper trading on the simulated market by default')
    .option('-c, --config <file>', 'config file (YAML)', deps.defaultConfigPath)
    .option('--mode <mode>', 'paper (simulated fills) or live (real orders; needs --live)', (v: string) => {
      if (v !== 'paper' && v !== 'live') throw new InvalidArgumentError('--mode must be paper or live');
      return v;
    })
    .option('--exchange <id>', 'trade on this exchange\'s live market data (a ccxt id, e.g. binance)', exchangeId('--exchange'))
    .option('--pairs <list>', 'comma-separated pairs of the config to trade (default: all)', pairList('--pairs'))
    .option('--live', 'confirm live trading with real money (keys from DEALBOT_API_KEY / DEALBOT_API_SECRET or .env)')
    .option('--sandbox', 'live mode on the exchange\'s test network (ccxt sandbox, e.g. Binance spot testnet): no real money, no --live; keys from DEALBOT_SANDBOX_API_KEY / DEALBOT_SANDBOX_API_SECRET or .env')
    .option('--cancel-open-orders-on-exit', 'cancel the bot\'s resting orders when it stops')
    .option('--candles <n>', 'candles per pair in the simulated series (a resumed run streams the rest), overrides market.candles', wholeNumber('--candles'))
    .option('--pace <ms>', 'milliseconds between candles, overrides market.paceMs', wholeNumber('--pace'))
    .option('--seed <n>', 'simulated market seed, overrides market.seed', wholeNumber('--seed'))
    .option('--database <url>', 'where state is kept: sqlite:./file.db, sqlite::memory: or postgres://... (default: DATABASE_URL, then the config)')
    .option('--json', 'print the final summary as JSON instead of tables')
    .option('-q, --quiet', 'do not print deal events')
    .option('--api', 'serve the REST API and dashboard (token: DEALBOT_API_TOKEN), also api.enabled')
    .option('--api-port <n>', 'the API\'s port (default 8437, api.port)', wholeNumber('--api-port'))
    .option('--api-host <address>', 'the API\'s bind address (default 127.0.0.1, api.host); beyond loopback it needs DEALBOT_API_TOKEN')
    .action(async (options) => {
      const { runCommand } = await import('./run.command.js');
      process.exitCode = await runCommand(deps, options);
    });
}

/** `dealbot config check` and `dealbot config init`. */
export function declareConfig(program: Command, deps: CliDeps): void {
  const config = program.command('config').description('configuration files');
  config
    .command('check')
    .description('validate a config file and say what it would trade')
    .option('-c, --config <file>', 'config file (YAML)', deps.defaultConfigPath)
    .action(async (options: { config: string }) => {
      const { configCheckCommand } = await import('./config-check.command.js');
      process.stdout.write(`${configCheckCommand(options.config)}\n`);
    });
  config
    .command('init')
    .description(`write ${LOCAL_CONFIG} (the default config with the api: section) if absent, and a new random ${API_TOKEN_VARIABLE} in .env (mode 0600)`)
    .option('--force', `replace the ${API_TOKEN_VARIABLE} that .env already holds (${LOCAL_CONFIG} is never overwritten)`)
    .option('--dir <folder>', 'write into this existing folder (default: the current one)')
    .addHelpText('after', `\nExamples:\n  dealbot config init\n  dealbot config init --dir ./bot --force\nThen: dealbot run -c ${LOCAL_CONFIG} --api, and steer it with dealbot status, dealbot pause, ...`)
    .action(async (options: ConfigInitOptions) => {
      const { configInitCommand } = await import('./config-init.command.js');
      process.stdout.write(`${configInitCommand(deps.defaultConfigPath, options)}\n`);
    });
}

/** `dealbot data import`, `data download` and `data list`. */
export function declareData(program: Command, deps: CliDeps): void {
  const data = program.command('data').description('candle history for backtests');
  data
    .command('import')
    .description('check and store a freqtrade JSON or CSV candle file; pair and timeframe come from a name like ETH_BTC-5m.json or the options')
    .argument('<file>', 'freqtrade JSON ([[ms, open, high, low, close, volume], ...]) or CSV with a header; .gz is read too')
    .option('--pair <pair>', 'BASE/QUOTE, e.g. ETH/BTC', pairOption)
    .option('--timeframe <tf>', '1m 3m 5m 15m 30m 1h 4h 1d', timeframeOption('--timeframe'))
    .option('--replace', 'overwrite stored candles that differ from the file (refused otherwise)')
    .option('--data-dir <dir>', 'where candles are stored', DEFAULT_CANDLE_DIR)
    .action(async (file: string, options: DataImportOptions) => {
      const { dataImportCommand } = await import('./data.command.js');
      process.stdout.write(`${await dataImportCommand(file, options)}\n`);
    });
  data
    .command('download')
    .description('download closed candles from an exchange into the store, from where the stored ones end (or --days back)')
    .requiredOption('--pairs <list>', 'comma-separated pairs, e.g. BTC/USDT,ETH/USDT', pairList('--pairs'))
    .option('--exchange <id>', "a ccxt exchange id, e.g. binance (default: the config's exchange.id)")
    .option('--timeframe <tf>', '1m 3m 5m 15m 30m 1h 4h 1d', timeframeOption('--timeframe'), '1m' as Timeframe)
    .option('--days <n>', 'how far back to start for a pair with nothing stored', wholeNumber('--days', 1), 30)
    .option('-c, --config <file>', 'config file whose exchange block (id, urls, timeoutMs) is used')
    .option('--data-dir <dir>', 'where candles are stored', DEFAULT_CANDLE_DIR)
    .option('--json', 'print JSON for scripts')
    .option('--no-progress', 'no progress bar')
    .action(async (options: DataDownloadOptions) => {
      const { dataDownloadCommand } = await import('./data.command.js');
      const { output, failures } = await dataDownloadCommand(deps, options);
      process.stdout.write(output === '' ? '' : `${output}\n`);
      for (const failure of failures) process.stderr.write(`dealbot: ${failure}\n`);
      if (failures.length > 0) process.exitCode = 1;
    });
  data
    .command('list')
    .description('what is stored: pair, timeframe, first and last candle, count, gaps')
    .option('--json', 'print JSON for scripts')
    .option('--data-dir <dir>', 'where candles are stored', DEFAULT_CANDLE_DIR)
    .action(async (options: DataListOptions) => {
      const { dataListCommand } = await import('./data.command.js');
      process.stdout.write(`${await dataListCommand(options)}\n`);
    });
}

export function declareBacktest(program: Command, deps: CliDeps): void {
  program
    .command('backtest')
    .description('replay stored candles through the trading loop and report the result')
    .option('-c, --config <file>', 'config file (YAML): pairs, strategy, paper account', deps.defaultConfigPath)
    .option('--pairs <list>', 'comma-separated pairs of the config to test (default: all)', pairList('--pairs'))
    .option('--timeframe <tf>', 'candle timeframe (default: the config\'s)', timeframeOption('--timeframe'))
    .option('--from <date>', 'first candle traded (UTC), inclusive; the indicators warm up on the stored candles before it', utcDate('--from'))
    .option('--to <date>', 'end (UTC), exclusive', utcDate('--to'))
    .option('--balance <amount>', 'starting balance in the quote currency (default: the config\'s paper balances)', positiveDecimal('--balance'))
    .option('--fee <rate>', 'maker and taker fee rate, e.g. 0.001 (>= 0, < 0.5)', feeRate('--fee'))
    .option('--data-dir <dir>', 'where `dealbot data import` stored the candles', DEFAULT_CANDLE_DIR)
    .option('--json', 'print the report as JSON, with every deal')
    .option('--export <dir>', 'write deals.csv (every deal with both orders) and equity.csv there')
    .option('--html <file>', 'write a self-contained HTML report: candles, buy/sell markers, equity curve, metrics')
    .option('--no-progress', 'no progress bar')
    .action(async (options: BacktestOptions) => {
      const { backtestCommand } = await import('./backtest.command.js');
      for (const chunk of await backtestCommand(deps, options)) process.stdout.write(chunk);
      process.stdout.write('\n');
    });
}

export function declareCheckBias(program: Command, deps: CliDeps): void {
  program
    .command('check-bias')
    .description('look-ahead check: the strategy\'s signal on each candle of the full series must equal its signal on the series cut at that candle (exit 1 when not)')
    .option('-c, --config <file>', 'config file (YAML): pairs, strategy', deps.defaultConfigPath)
    .option('--pairs <list>', 'comma-separated pairs of the config to check (default: all)', pairList('--pairs'))
    .option('--timeframe <tf>', 'candle timeframe (default: the config\'s)', timeframeOption('--timeframe'))
    .option('--from <date>', 'first candle checked (UTC), inclusive; the windowSize stored candles before it are fed first', utcDate('--from'))
    .option('--to <date>', 'end (UTC), exclusive', utcDate('--to'))
    .option('--data-dir <dir>', 'where `dealbot data import` stored the candles', DEFAULT_CANDLE_DIR)
    .action(async (options: CheckBiasOptions) => {
      const { checkBiasCommand } = await import('./check-bias.command.js');
      process.stdout.write(`${await checkBiasCommand(deps, options)}\n`);
    });
}

export function declareOptimize(program: Command, deps: CliDeps): void {
  program
    .command('optimize')
    .argument('[action]', 'list (the stored studies) or show <study> (one stored study); without it, run a study')
    .argument('[study]', 'the study `show` shows')
    .description('search the config\'s optimize.parameters: backtests on every core, each trial stored as it finishes, the best trials, the best settings as a config')
    .option('-c, --config <file>', 'config file (YAML) with an optimize: section', deps.defaultConfigPath)
    .option('--data-dir <dir>', 'where `dealbot data import` stored the candles', DEFAULT_CANDLE_DIR)
    .option('--trials <n>', 'trials to run (random) or the most a grid may have (default: optimize.trials)', wholeNumber('--trials', 1))
    .option('--sampler <name>', 'grid (every combination), random (seeded) or tpe (model-based, seeded) (default: optimize.sampler)', (v: string) => {
      if (v !== 'grid' && v !== 'random' && v !== 'tpe') throw new InvalidArgumentError(`--sampler must be grid, random or tpe, got "${v}"`);
      return v;
    })
    .option('--seed <n>', 'seed of the random and tpe samplers (default: optimize.seed)', wholeNumber('--seed'))
    .option('--workers <n>', 'worker threads (default: one per CPU); with --queue, trials on the queue at once (default 8)', wholeNumber('--workers', 1))
    .option('--study <id>', 'the new study\'s id (letters, digits, . _ -; default: study-<UTC time>-<random>)', studyIdOption('--study'))
    .option('--resume <id>', 'go on with a stored study: the trials not done yet, with its sampler, seed and config text', studyIdOption('--resume'))
    .option('--database <url>', 'where studies are stored: sqlite:./file.db or postgres://... (default: DATABASE_URL, then the config)')
    .option('--queue <url>', 'run the trials on `dealbot worker` processes through the BullMQ queue at this Redis (redis://host:6379); --workers: trials on the queue at once (default 8)', redisUrl('--queue'))
    .option('--queue-name <name>', 'the queue\'s name (the workers\' --queue-name)', queueName('--queue-name'), 'dealbot-trials')
    .option('--out <file>', 'write the best settings there as a config file for `dealbot backtest`')
    .option('--html <file>', 'write the study as a self-contained HTML page: charts, best trials, walk-forward table')
    .option('--json', 'print the study as JSON, with every trial (list: the studies as JSON)')
    .option('--no-progress', 'no progress line')
    .action(async (action: string | undefined, study: string | undefined, options: OptimizeOptions) => {
      const { optimizeAction } = await import('./optimize-results.command.js');
      process.stdout.write(`${await optimizeAction(deps, action, study, options)}\n`);
    });
}

export function declareWorker(program: Command, deps: CliDeps): void {
  program
    .command('worker')
    .description('run the trials `dealbot optimize --queue` puts on the queue, on this machine, storing each in the database (candles: the directory the study names)')
    .requiredOption('--queue <url>', 'the BullMQ queue\'s Redis (redis://host:6379)', redisUrl('--queue'))
    .option('--queue-name <name>', 'the queue\'s name (optimize\'s --queue-name)', queueName('--queue-name'), 'dealbot-trials')
    .option('--database <url>', 'where the trials are stored: the study\'s database, postgres://... for workers on several machines (default: DATABASE_URL)')
    .option('--concurrency <n>', 'trials this process runs at once (for more cores, start more workers)', wholeNumber('--concurrency', 1), 1)
    .option('--lock-ms <ms>', 'how long a running trial stays locked without this worker renewing it; a killed worker\'s trial is run again elsewhere after it', wholeNumber('--lock-ms', 1_000), 30_000)
    .action(async (options: WorkerOptions) => {
      const { workerCommand } = await import('./worker.command.js');
      process.stdout.write(`${await workerCommand(deps, options)}\n`);
    });
}

/** A Redis URL: redis:// or rediss://. */
function redisUrl(flag: string) {
  return (value: string): string => {
    if (!/^rediss?:\/\/[^\s]+$/.test(value)) throw new InvalidArgumentError(`${flag} must be a Redis URL like redis://127.0.0.1:6379, got "${value}"`);
    return value;
  };
}

/** A BullMQ queue name: letters, digits, . _ - (no colon: BullMQ's key separator). */
function queueName(flag: string) {
  return (value: string): string => {
    if (!/^[A-Za-z0-9._-]{1,100}$/.test(value)) throw new InvalidArgumentError(`${flag} must be letters, digits, . _ -, got "${value}"`);
    return value;
  };
}

/** `dealbot db migrate` and `dealbot db status`. */
export function declareDb(program: Command, deps: CliDeps): void {
  const db = program.command('db').description('the database: migrations');
  const common = (command: Command): Command =>
    command
      .option('-c, --config <file>', 'config file (YAML) naming the database', deps.defaultConfigPath)
      .option('--database <url>', 'sqlite:./file.db, sqlite::memory: or postgres://... (default: DATABASE_URL, then the config)');
  const run = (action: 'migrate' | 'status') => async (options: DbOptions) => {
    const { dbCommand } = await import('./db.command.js');
    process.stdout.write(`${await dbCommand(deps, options, action)}\n`);
  };
  common(db.command('migrate').description('apply pending migrations')).action(run('migrate'));
  common(db.command('status').description('list applied and pending migrations')).action(run('status'));
}

/** `--resolve <clientOrderId>=<resolution>`, checked as the command line is read (exit 2). */
function resolveArgument(value: string): ReconcileOptions['resolve'] {
  const at = value.lastIndexOf('=');
  const clientOrderId = value.slice(0, at);
  const resolution = value.slice(at + 1);
  if (at <= 0) throw new InvalidArgumentError(`--resolve takes <clientOrderId>=<${OPERATOR_RESOLUTIONS.join('|')}>, got "${value}"`);
  if (resolution === 'filled') throw new InvalidArgumentError('--resolve: =filled is not accepted: without the exchange\'s trades a fill cannot be recorded exactly; resolve as canceled, rejected or expired');
  if (!isOperatorResolution(resolution)) throw new InvalidArgumentError(`--resolve: unknown resolution "${resolution}"; use one of ${OPERATOR_RESOLUTIONS.join(', ')}`);
  return { clientOrderId, resolution };
}

export function declareReconcile(program: Command, deps: CliDeps): void {
  program
    .command('reconcile')
    .description('list what blocks trading until an operator decides (orders the exchange has no trace of, exchange orders the database lacks), and apply a resolution')
    .option('-c, --config <file>', 'config file (YAML) naming the database and the exchange', deps.defaultConfigPath)
    .option('--database <url>', 'sqlite:./file.db or postgres://... (default: DATABASE_URL, then the config)')
    .option('--exchange <id>', 'the exchange whose account to compare with (a ccxt id), as given to run')
    .option('--mode <mode>', 'paper or live, as given to run')
    .option('--live', 'confirm that a live account is read and, with --resolve, changed')
    .option('--sandbox', 'the test network\'s account (live mode, DEALBOT_SANDBOX_API_KEY / DEALBOT_SANDBOX_API_SECRET), as given to run')
    .option('--resolve <id=resolution>', `end one blocking order: ${OPERATOR_RESOLUTIONS.join(', ')} (an exchange order the database lacks: canceled, which cancels it on the exchange)`, resolveArgument)
    .option('--note <text>', 'why, recorded with the resolution')
    .option('--json', 'print JSON for scripts')
    .action(async (options: ReconcileOptions) => {
      const { reconcileCommand } = await import('./reconcile.command.js');
      process.stdout.write(`${await reconcileCommand(deps, options)}\n`);
    });
}
