import type { Command } from 'commander';
import { withApiOptions } from './api-command.js';
import type { CliDeps } from './session.js';
import type { AccountOptions } from './steer-options.js';

/** `dealbot status` and `dealbot balance`: what the running bot is doing and holds. */
export function registerAccountCommands(program: Command, deps: CliDeps): void {
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
