import { DomainError } from '../../domain/shared/domain-error.js';
import { TradingBlockedError } from '../../application/trading-loop/trading-blocked.error.js';
import { StudyReplanError } from '../../application/optimize/study-replan.error.js';
import { QueueConnectError, QueueTrialError } from '../../infrastructure/queue/queue.errors.js';
// The error classes from their own files: recognising an error must not load zod, yaml or a database driver.
import { ConfigError } from '../../infrastructure/config/config-error.js';
import { DatabaseOpenError } from '../../infrastructure/persistence/sql/database.errors.js';
import { InstanceLockedError } from '../../infrastructure/persistence/instance-lock/instance-lock.js';
import { ApiCallError, BotNotRunningError } from './api-errors.js';
import { oneLine } from './one-line.js';

export { commanderLine } from './one-line.js';

/** A command line that does not make sense as a whole (e.g. --from after --to): exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A file the command was asked to write cannot be written: one line naming the path and the cause. */
export class OutputFileError extends Error {
  override readonly name = 'OutputFileError';
}

/** A message broker named by the config cannot be reached or read: one line naming it and why. */
export class BrokerError extends Error {
  override readonly name = 'BrokerError';
}

/** A stored optimisation study that is not there, is taken, or does not match what the command was given. */
export class StudyError extends Error {
  override readonly name = 'StudyError';
}

/** Errors a user causes and can fix: their message is the whole story. */
export function isUserError(error: unknown): error is Error {
  return (
    error instanceof ConfigError ||
    error instanceof DomainError ||
    error instanceof DatabaseOpenError ||
    error instanceof InstanceLockedError ||
    error instanceof TradingBlockedError ||
    error instanceof UsageError ||
    error instanceof OutputFileError ||
    error instanceof BrokerError ||
    error instanceof StudyError ||
    error instanceof StudyReplanError ||
    error instanceof QueueConnectError ||
    error instanceof QueueTrialError ||
    error instanceof BotNotRunningError ||
    error instanceof ApiCallError
  );
}

/**
 * What stderr gets for an error: one line. A user error is its message; anything else (a bug,
 * most likely) is its message and a pointer to --debug. With debug, the stack follows.
 */
export function errorReport(error: unknown, debug: boolean): string {
  const message = oneLine(error instanceof Error ? error.message || error.name : String(error));
  const pointer = debug ? '' : ' (run with --debug for details)';
  const line = isUserError(error) ? `dealbot: ${message}` : `dealbot: ${error instanceof Error ? `${error.name}: ` : ''}${message}${pointer}`;
  const stack = debug && error instanceof Error && error.stack ? `\n${error.stack}` : '';
  return `${line}${stack}\n`;
}

/** --debug anywhere on the command line, or DEALBOT_DEBUG=1. */
export function debugWanted(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): boolean {
  return argv.includes('--debug') || env.DEALBOT_DEBUG === '1' || env.DEALBOT_DEBUG === 'true';
}
