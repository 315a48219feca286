import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { DomainError } from '../../domain/shared/domain-error.js';
import { ConfigError } from '../../infrastructure/config/config.loader.js';
import { DatabaseOpenError } from '../../infrastructure/persistence/sql/index.js';
import { InstanceLockedError } from '../../infrastructure/persistence/instance-lock/index.js';
import { TradingBlockedError } from '../../application/trading-loop/trading-loop.js';
import { runCommand } from './run.command.js';
import { configCheckCommand } from './config-check.command.js';
import { registerDataCommands } from './data.command.js';
import { registerBacktestCommand } from './backtest.command.js';
import { registerDbCommands } from './db.command.js';
import { registerDealsCommands } from './deals.command.js';
import { registerReconcileCommand } from './reconcile.command.js';
import type { CliDeps } from './session.js';

export function wholeNumber(name: string) {
  return (value: string): number => {
    if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`${name} must be a whole number >= 0`);
    return Number(value);
  };
}

export function buildProgram(deps: CliDeps): Command {
  const program = new Command('dealbot').description('Crypto trading bot: deals on many pairs, exact money, one loop for live, paper and backtest.').exitOverride();
  program
    .command('run')
    .description('trade: paper trading on the simulated market by default')
    .option('-c, --config <file>', 'config file (YAML)', deps.defaultConfigPath)
    .option('--mode <mode>', 'paper (simulated fills) or live (real orders; needs --live)', (v: string) => {
      if (v !== 'paper' && v !== 'live') throw new InvalidArgumentError('--mode must be paper or live');
      return v;
    })
    .option('--exchange <id>', 'trade on this exchange\'s live market data (a ccxt id, e.g. binance)')
    .option('--pairs <list>', 'comma-separated pairs of the config to trade (default: all)', (v: string) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .option('--live', 'confirm live trading with real money (keys from DEALBOT_API_KEY / DEALBOT_API_SECRET or .env)')
    .option('--cancel-open-orders-on-exit', 'cancel the bot\'s resting orders when it stops')
    .option('--candles <n>', 'candles per pair in the simulated series (a resumed run streams the rest), overrides market.candles', wholeNumber('--candles'))
    .option('--pace <ms>', 'milliseconds between candles, overrides market.paceMs', wholeNumber('--pace'))
    .option('--seed <n>', 'simulated market seed, overrides market.seed', wholeNumber('--seed'))
    .option('--database <url>', 'where state is kept: sqlite:./file.db, sqlite::memory: or postgres://... (default: DATABASE_URL, then the config)')
    .option('--json', 'print the final summary as JSON instead of tables')
    .option('-q, --quiet', 'do not print deal events')
    .action(async (options) => {
      process.exitCode = await runCommand(deps, options);
    });
  const config = program.command('config').description('configuration files');
  config
    .command('check')
    .description('validate a config file and say what it would trade')
    .option('-c, --config <file>', 'config file (YAML)', deps.defaultConfigPath)
    .action((options: { config: string }) => {
      process.stdout.write(`${configCheckCommand(options.config)}\n`);
    });
  registerDataCommands(program, deps);
  registerBacktestCommand(program, deps);
  registerDbCommands(program, deps);
  registerDealsCommands(program, deps);
  registerReconcileCommand(program, deps);
  return program;
}

/** Runs the CLI; returns the exit code. Errors become one line on stderr. */
export async function runCli(argv: readonly string[], deps: CliDeps): Promise<number> {
  const program = buildProgram(deps);
  try {
    await program.parseAsync(argv as string[]);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    const known = error instanceof ConfigError || error instanceof DomainError || error instanceof DatabaseOpenError || error instanceof InstanceLockedError || error instanceof TradingBlockedError;
    process.stderr.write(`dealbot: ${known ? (error as Error).message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
}
