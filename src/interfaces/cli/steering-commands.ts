import { InvalidArgumentError, type Command } from 'commander';
import { DEAL_STATUSES } from '../../domain/deal/deal-status.js';
import { apiUrlOption } from './api-target.js';
import { choice, pairOption, positiveDecimal, wholeNumber } from './cli-options.js';
import type { CliDeps } from './session.js';
import type { AccountOptions, ApiCommandOptions, DealsListOptions, PairsCommand, PairsOptions, TradingCommand, TradingOptions } from './steer-options.js';

/**
 * The commands that read or steer a running bot (deals, open-deal ... resume, pairs, status,
 * balance): their names, options and help. Each action imports its module when it runs
 * (docs/architecture.md, "Lazy loading"): the API client and the views load only then.
 */

/** Adds the options every steering command takes: where the bot is, --json, --verbose. */
export function withApiOptions(command: Command): Command {
  return command
    .option('-c, --config <file>', 'config whose api: section says where the bot listens (default: ./dealbot.yaml if present, else the packaged default)')
    .option('--api-url <url>', 'the bot\'s API, e.g. http://127.0.0.1:8437 (default: DEALBOT_API_URL, then the config\'s api: host and port)', apiUrlOption)
    .option('--json', 'print the API\'s JSON as it is, for scripts')
    .option('--verbose', 'say on stderr where the bot or the data was found');
}

/** A key the API accepts: 1-200 printable characters (docs/api.md, "Idempotency"). */
export function idempotencyKeyOption(value: string): string {
  if (!/^[\x21-\x7e]{1,200}$/.test(value)) throw new InvalidArgumentError(`--idempotency-key must be 1-200 printable characters without spaces, got "${value}"`);
  return value;
}

/**
 * The options of a command that acts: those of withApiOptions and --idempotency-key, so a script
 * that retries after a timeout gets the first call's answer instead of acting twice.
 */
export function withActingOptions(command: Command): Command {
  return withApiOptions(command).option('--idempotency-key <key>', 'send this Idempotency-Key (default: a fresh random one); a repeat with the same key gets the first answer without acting again', idempotencyKeyOption);
}

/**
 * `dealbot deals list|show|close|cancel`. list and show read the running bot's API, or the
 * database when no bot answers (or --database names one); close and cancel need a running bot.
 */
export function declareDeals(program: Command, deps: CliDeps): void {
  const deals = program.command('deals').description('deals: of the running bot, or in the database');
  withApiOptions(deals.command('list').description('list deals, newest last')
    .option('--database <url>', 'read this database, not the bot: sqlite:./file.db or postgres://... (without a running bot: DATABASE_URL, then the config)')
    .option('--status <status>', `only deals in this status: ${DEAL_STATUSES.join(', ')}`, choice('--status', DEAL_STATUSES))
    .option('--pair <pair>', 'only deals of this pair', pairOption)
    .option('--bot <name>', 'only deals of this bot (config bots:; default without)'))
    .addHelpText('after', '\nExamples:\n  dealbot deals list --status open\n  dealbot deals list --bot dca-majors\n  dealbot deals list --pair ETH/USDT --json\n  dealbot deals list --database sqlite:./data/dealbot.db')
    .action(async (options: DealsListOptions) => {
      const { dealsListCommand } = await import('./deals.command.js');
      process.stdout.write(`${await dealsListCommand(deps, options)}\n`);
    });
  withApiOptions(deals.command('show').argument('<id>', 'the deal\'s id').description('one deal with its orders and fills')
    .option('--database <url>', 'read this database, not the bot'))
    .addHelpText('after', '\nExample:\n  dealbot deals show 3f2a9c1e --json')
    .action(async (id: string, options: DealsListOptions) => {
      const { dealShowCommand } = await import('./deal-actions.js');
      await dealShowCommand(deps, id, options);
    });
  withActingOptions(deals.command('close').argument('<id>', 'the deal\'s id').description('sell what the deal holds at market (needs a running bot)'))
    .addHelpText('after', '\nExample:\n  dealbot deals close 3f2a9c1e')
    .action(async (id: string, options: ApiCommandOptions) => {
      const { dealActionCommand } = await import('./deal-actions.js');
      await dealActionCommand(deps, id, 'close', options);
    });
  withActingOptions(deals.command('cancel').argument('<id>', 'the deal\'s id').description('cancel a pending deal\'s buy order (needs a running bot)'))
    .addHelpText('after', '\nExample:\n  dealbot deals cancel 3f2a9c1e')
    .action(async (id: string, options: ApiCommandOptions) => {
      const { dealActionCommand } = await import('./deal-actions.js');
      await dealActionCommand(deps, id, 'cancel', options);
    });
}

/** A pause's length as the API takes it: `90m`, `2h`, `1d`. */
export function pauseLength(value: string): string {
  if (!/^[1-9]\d{0,5}[mhd]$/.test(value)) throw new InvalidArgumentError(`--for must be a length like 90m, 2h or 1d, got "${value}"`);
  return value;
}

const example = (lines: string): string => `\nExamples:\n${lines}`;

/** `dealbot open-deal|close-all|panic-sell|pause|resume`: acting on the running bot through its API. */
export function declareTrading(program: Command, deps: CliDeps): void {
  const run = (name: TradingCommand) => async (options: TradingOptions) => {
    const { tradingAction } = await import('./trading-actions.js');
    await tradingAction(deps, name, options);
  };
  withActingOptions(program.command('open-deal').description('open a deal now on a pair: a limit buy at the last price, or at --price (needs a running bot)')
    .requiredOption('--pair <pair>', 'the pair, e.g. BTC/USDT', pairOption)
    .option('--price <price>', 'the buy\'s limit price (default: the last price)', positiveDecimal('--price')))
    .addHelpText('after', example('  dealbot open-deal --pair BTC/USDT\n  dealbot open-deal --pair ETH/USDT --price 2950.5'))
    .action(run('open-deal'));
  withActingOptions(program.command('close-all').description('sell every working deal at market, of one pair or all (needs a running bot)')
    .option('--pair <pair>', 'only this pair\'s deals', pairOption))
    .addHelpText('after', example('  dealbot close-all\n  dealbot close-all --pair SOL/USDT --json'))
    .action(run('close-all'));
  withActingOptions(program.command('panic-sell').description('sell everything at market and pause buying for the cooldown (needs a running bot)')
    .option('--pair <pair>', 'only this pair', pairOption)
    .option('--cooldown <minutes>', 'pause buying this long (default: the config\'s panicSell cooldownMinutes)', wholeNumber('--cooldown', 1)))
    .addHelpText('after', example('  dealbot panic-sell\n  dealbot panic-sell --pair BTC/USDT --cooldown 60'))
    .action(run('panic-sell'));
  withActingOptions(program.command('pause').description('stop opening deals, on one pair or all; working deals go on (needs a running bot)')
    .option('--pair <pair>', 'only this pair', pairOption)
    .option('--for <length>', 'for this long: 90m, 2h, 1d (default: until resumed)', pauseLength)
    .option('--reason <text>', 'why, shown in status and pairs list'))
    .addHelpText('after', example('  dealbot pause --for 2h --reason "news at 14:00"\n  dealbot pause --pair ETH/USDT'))
    .action(run('pause'));
  withActingOptions(program.command('resume').description('open deals again, on one pair or all (needs a running bot)')
    .option('--pair <pair>', 'only this pair', pairOption))
    .addHelpText('after', example('  dealbot resume\n  dealbot resume --pair ETH/USDT'))
    .action(run('resume'));
}

/** The settings a pair takes on the command line, named as in the config's `pairs:`. */
function withSettings(command: Command, required: boolean): Command {
  const option = (flags: string, description: string, parse: (value: string) => unknown) => (required ? command.requiredOption(flags, description, parse) : command.option(flags, description, parse));
  option('--deal-quota <amount>', 'quote currency spent per deal (dealQuota)', positiveDecimal('--deal-quota'));
  option('--profit-markup <rate>', 'sell this far above the buy fill, 0.004 for 0.4% (profitMarkup)', positiveDecimal('--profit-markup'));
  option('--deal-count <n>', 'at most this many deals at once (dealCount)', wholeNumber('--deal-count', 1));
  option('--order-lifetime <seconds>', 'seconds an unfilled buy may rest (orderLifeTime)', wholeNumber('--order-lifetime', 1));
  command.option('--deal-cooldown <minutes>', 'minutes after a deal ends before the pair opens the next, 0 for none (cooldownMinutes)', wholeNumber('--deal-cooldown', 0));
  return command;
}

/** `dealbot pairs list|add|update|remove`: the running bot's pairs, kept in its database. */
export function declarePairs(program: Command, deps: CliDeps): void {
  const pairs = program.command('pairs').description('the pairs the bot trades and their settings');
  withApiOptions(pairs.command('list').description('list the pairs with their settings, pauses and where the settings came from')
    .option('--database <url>', 'read this database, not the bot'))
    .addHelpText('after', '\nExamples:\n  dealbot pairs list\n  dealbot pairs list --json')
    .action(async (options: PairsOptions) => {
      const { pairsListCommand } = await import('./pairs-actions.js');
      await pairsListCommand(deps, options);
    });
  const act = (name: PairsCommand) => async (pair: string, options: PairsOptions) => {
    const { pairsAction } = await import('./pairs-actions.js');
    await pairsAction(deps, name, pair, options);
  };
  withActingOptions(withSettings(pairs.command('add').argument('<pair>', 'BASE/QUOTE, e.g. ADA/USDT', pairOption).description('trade a new pair (needs a running bot)'), true))
    .addHelpText('after', '\nExample:\n  dealbot pairs add ADA/USDT --deal-quota 100 --profit-markup 0.005 --deal-count 2 --order-lifetime 900')
    .action(act('add'));
  withActingOptions(withSettings(pairs.command('update').argument('<pair>', 'BASE/QUOTE', pairOption).description('change a pair\'s settings (needs a running bot)'), false))
    .addHelpText('after', '\nExample:\n  dealbot pairs update ETH/USDT --deal-quota 250 --deal-count 3')
    .action(act('update'));
  withActingOptions(pairs.command('remove').argument('<pair>', 'BASE/QUOTE', pairOption).description('stop trading a pair without working deals (needs a running bot)'))
    .addHelpText('after', '\nExample:\n  dealbot pairs remove SOL/USDT')
    .action(act('remove'));
}

/** `dealbot status` and `dealbot balance`: what the running bot is doing and holds. */
export function declareAccount(program: Command, deps: CliDeps): void {
  withApiOptions(program.command('status').description('what the running bot is doing: mode, pairs, indicators, pauses, open deals')
    .option('--database <url>', 'without a running bot: count the deals of this database (default: DATABASE_URL, then the config)'))
    .addHelpText('after', '\nExamples:\n  dealbot status\n  dealbot status --json --api-url http://127.0.0.1:9000')
    .action(async (options: AccountOptions) => {
      const { statusCommand } = await import('./account-actions.js');
      await statusCommand(deps, options);
    });
  withApiOptions(program.command('balance').description('the account\'s balances as the running bot sees them (needs a running bot)'))
    .addHelpText('after', '\nExamples:\n  dealbot balance\n  dealbot balance --json')
    .action(async (options: AccountOptions) => {
      const { balanceCommand } = await import('./account-actions.js');
      await balanceCommand(deps, options);
    });
}
