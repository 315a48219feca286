import { Command, CommanderError } from 'commander';
import { registerEventsCommands } from './events.command.js';
import { declareBacktest, declareCheckBias, declareConfig, declareData, declareDb, declareOptimize, declareReconcile, declareRun, declareWorker } from './local-commands.js';
import { commanderLine } from './one-line.js';
import { declareAccount, declareDeals, declarePairs, declareTrading } from './steering-commands.js';
import type { CliDeps } from './session.js';

/**
 * The whole command line: each command's name, options and help, in the order the help lists
 * them. Nothing a command runs is imported here: each action imports its module when it runs,
 * so `dealbot --help` loads only the declarations (test/main/startup.test.ts counts them).
 */
export function buildProgram(deps: CliDeps): Command {
  const program = new Command('dealbot')
    .description('Crypto trading bot: deals on many pairs, exact money, one loop for live, paper and backtest.')
    .option('--debug', 'print the stack trace of an error (also DEALBOT_DEBUG=1)')
    .exitOverride()
    // Set before the commands are added, so each inherits it: every complaint is one line.
    .configureOutput({ outputError: (text, write) => write(commanderLine(text)) });
  declareRun(program, deps);
  declareConfig(program, deps);
  declareData(program, deps);
  declareBacktest(program, deps);
  declareOptimize(program, deps);
  declareWorker(program, deps);
  declareCheckBias(program, deps);
  declareDb(program, deps);
  declareDeals(program, deps);
  declareTrading(program, deps);
  declarePairs(program, deps);
  declareAccount(program, deps);
  declareReconcile(program, deps);
  registerEventsCommands(program, deps);
  return program;
}

/**
 * Runs the CLI; returns the exit code: 0, 1 for bad input, 2 for a bad command line. Errors
 * become one line on stderr; the stack trace only with --debug or DEALBOT_DEBUG=1 (the error
 * classes load with the first error).
 */
export async function runCli(argv: readonly string[], deps: CliDeps): Promise<number> {
  endWhenReaderLeaves();
  const program = buildProgram(deps);
  try {
    await program.parseAsync(argv as string[]);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    const { debugWanted, errorReport, UsageError } = await import('./cli-errors.js');
    process.stderr.write(errorReport(error, debugWanted(argv)));
    return error instanceof UsageError ? 2 : 1;
  }
}

let readerWatched = false;

/**
 * A reader that goes away (`dealbot deals list | head -1`) ends the command quietly, as a closed
 * pipe ends a Unix tool, with status 0: the output was not wanted further. Without this, the
 * next write's EPIPE is an unhandled error with a stack trace. A running session (a SIGTERM
 * handler is installed) stops as on SIGTERM, orderly.
 */
function endWhenReaderLeaves(): void {
  if (readerWatched) return;
  readerWatched = true;
  let gone = false;
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    if (gone) return;
    gone = true;
    if (process.listenerCount('SIGTERM') > 0) process.emit('SIGTERM');
    else process.exit(0);
  });
}
