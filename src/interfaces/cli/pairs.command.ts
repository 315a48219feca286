import type { Command } from 'commander';
import { withActingOptions, withApiOptions } from './api-command.js';
import { pairOption, positiveDecimal, wholeNumber } from './cli-options.js';
import type { CliDeps } from './session.js';
import type { PairsCommand, PairsOptions } from './steer-options.js';

/** The settings a pair takes on the command line, named as in the config's `pairs:`. */
function withSettings(command: Command, required: boolean): Command {
  const option = (flags: string, description: string, parse: (value: string) => unknown) => (required ? command.requiredOption(flags, description, parse) : command.option(flags, description, parse));
  option('--deal-quota <amount>', 'quote currency spent per deal (dealQuota)', positiveDecimal('--deal-quota'));
  option('--profit-markup <rate>', 'sell this far above the buy fill, 0.004 for 0.4% (profitMarkup)', positiveDecimal('--profit-markup'));
  option('--deal-count <n>', 'at most this many deals at once (dealCount)', wholeNumber('--deal-count', 1));
  option('--order-lifetime <seconds>', 'seconds an unfilled buy may rest (orderLifeTime)', wholeNumber('--order-lifetime', 1));
  return command;
}

/** `dealbot pairs list|add|update|remove`: the running bot's pairs, kept in its database. */
export function registerPairsCommands(program: Command, deps: CliDeps): void {
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
