import { destinationNameOf } from '../../infrastructure/config/events.schema.js';
import { replayEvents, type ReplayReport } from '../../infrastructure/events/replay-events.js';
import { SqlOutboxLog } from '../../infrastructure/persistence/sql/index.js';
import { BrokerError, UsageError } from './cli-errors.js';
import { configPath } from './api-target.js';
import { loadCheckedConfig } from './config-check.command.js';
import { openMigratedForReading } from './database-access.js';
import type { EventsReplayOptions } from './events-options.js';
import { outboxUrl } from './outbox-reader.js';
import type { CliDeps } from './session.js';

/**
 * `dealbot events replay`: the stored events of [--since, --until) sent again to one configured
 * destination, in sequence order, without moving its cursor. The database is opened read-only.
 */
export async function eventsReplayCommand(deps: CliDeps, options: EventsReplayOptions): Promise<void> {
  if (options.until !== undefined && options.until <= options.since) throw new UsageError('--until must be after --since');
  const path = configPath(options.config, deps.defaultConfigPath);
  const config = loadCheckedConfig(path);
  const names = config.events.destinations.map(destinationNameOf);
  const target = config.events.destinations.find((d) => destinationNameOf(d) === options.to);
  if (target === undefined) throw new UsageError(`--to: no destination "${options.to}" in ${path}; configured: ${names.join(', ')}`);
  if (target.type === 'log' && target.path === undefined) throw new UsageError(`--to ${options.to}: a log destination without a path is the run's console; print stored events with \`dealbot events tail --since DATE\``);
  const database = await openMigratedForReading(deps, outboxUrl(options.database, config.database, path));
  try {
    const log = new SqlOutboxLog(database.db);
    const request = { since: options.since, until: options.until, types: options.type === undefined ? undefined : new Set(options.type), botPrefix: config.botPrefix, batchSize: config.events.batchSize };
    if (options.dryRun) {
      process.stdout.write(`${summary(await replayEvents(log, request, null), options.to, true)}\n`);
      return;
    }
    const destination = await deps.eventDestination(target);
    let report: ReplayReport;
    let sent = 0;
    try {
      report = await replayEvents(log, request, destination, (count) => (sent = count));
    } catch (error) {
      throw new BrokerError(`${options.to} did not confirm a batch after ${sent} events were sent: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    } finally {
      await destination.close();
    }
    process.stdout.write(`${summary(report, options.to, false)}\n`);
  } finally {
    await database.close();
  }
}

function summary(report: ReplayReport, to: string, dryRun: boolean): string {
  if (report.events === 0) return `no events in the window: nothing ${dryRun ? 'would be' : 'was'} sent to ${to}`;
  const types = Object.entries(report.byType).map(([type, count]) => `${count} ${type}`).join(', ');
  return `${report.events} events ${dryRun ? 'would be' : 'were'} sent to ${to} (sequence ${report.firstSequence} to ${report.lastSequence}): ${types}`;
}
