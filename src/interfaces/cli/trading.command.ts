import { InvalidArgumentError, type Command } from 'commander';
import { withActingOptions } from './api-command.js';
import { pairOption, positiveDecimal, wholeNumber } from './cli-options.js';
import type { CliDeps } from './session.js';
import type { TradingCommand, TradingOptions } from './steer-options.js';

/** A pause's length as the API takes it: `90m`, `2h`, `1d`. */
export function pauseLength(value: string): string {
  if (!/^[1-9]\d{0,5}[mhd]$/.test(value)) throw new InvalidArgumentError(`--for must be a length like 90m, 2h or 1d, got "${value}"`);
  return value;
}

const example = (lines: string): string => `\nExamples:\n${lines}`;

/** `dealbot open-deal|close-all|panic-sell|pause|resume`: acting on the running bot through its API. */
export function registerTradingCommands(program: Command, deps: CliDeps): void {
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
