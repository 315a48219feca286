import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { commanderLine, debugWanted, errorReport, UsageError } from './cli-errors.js';
import { exchangeId, pairList, wholeNumber } from './cli-options.js';
import { registerDataCommands } from './data.command.js';
import { registerBacktestCommand } from './backtest.command.js';
import { registerDbCommands } from './db.command.js';
import { registerDealsCommands } from './deals.command.js';
import { registerAccountCommands } from './account.command.js';
import { registerConfigInit } from './config-init.command.js';
import { registerPairsCommands } from './pairs.command.js';
import { registerTradingCommands } from './trading.command.js';
import { registerReconcileCommand } from './reconcile.command.js';
import { registerEventsCommands } from './events.command.js';
import type { CliDeps } from './session.js';

export { wholeNumber } from './cli-options.js';

export function buildProgram(deps: CliDeps): Command {
  const program = new Command('dealbot')
    .description('Crypto trading bot: deals on many pairs, exact money, one loop for live, paper and backtest.')
    .option('--debug', 'print the stack trace of an error (also DEALBOT_DEBUG=1)')
    .exitOverride()
    // Set before the commands are added, so each inherits it: every complaint is one line.
    .configureOutput({ outputError: (text, write) => write(commanderLine(text)) });
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
      // each command's module loads when it runs: the help and the other commands do without it
      const { runCommand } = await import('./run.command.js');
      process.exitCode = await runCommand(deps, options);
    });
  const config = program.command('config').description('configuration files');
  config
    .command('check')
    .description('validate a config file and say what it would trade')
    .option('-c, --config <file>', 'config file (YAML)', deps.defaultConfigPath)
    .action(async (options: { config: string }) => {
      const { configCheckCommand } = await import('./config-check.command.js');
      process.stdout.write(`${configCheckCommand(options.config)}\n`);
    });
  registerConfigInit(config, deps);
  registerDataCommands(program, deps);
  registerBacktestCommand(program, deps);
  registerDbCommands(program, deps);
  registerDealsCommands(program, deps);
  registerTradingCommands(program, deps);
  registerPairsCommands(program, deps);
  registerAccountCommands(program, deps);
  registerReconcileCommand(program, deps);
  registerEventsCommands(program, deps);
  return program;
}

/**
 * Runs the CLI; returns the exit code: 0, 1 for bad input, 2 for a bad command line. Errors
 * become one line on stderr; the stack trace only with --debug or DEALBOT_DEBUG=1.
 */
export async function runCli(argv: readonly string[], deps: CliDeps): Promise<number> {
  const program = buildProgram(deps);
  try {
    await program.parseAsync(argv as string[]);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    process.stderr.write(errorReport(error, debugWanted(argv)));
    return error instanceof UsageError ? 2 : 1;
  }
}
