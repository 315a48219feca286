import type { Command } from 'commander';
import { choice, utcDate, wholeNumber } from './cli-options.js';
import { eventTypeList } from './event-types.js';
import { TAIL_SOURCES, type EventsReplayOptions, type EventsTailOptions } from './events-options.js';
import type { CliDeps } from './session.js';

const CONFIG_HELP = 'config file (YAML): its database, botPrefix and events.destinations (default: ./dealbot.yaml if present, else the packaged default)';
const DATABASE_HELP = 'read this database: sqlite:./file.db or postgres://... (default: DATABASE_URL, then the config); opened read-only';
const TYPE_HELP = 'only events of this type; repeat it or separate types with commas (e.g. DealOpened,DealClosed)';

/** `dealbot events tail` and `dealbot events replay`; their modules load when they run. */
export function registerEventsCommands(program: Command, deps: CliDeps): void {
  const events = program.command('events').description('the bot\'s committed events (the outbox) and the brokers they are relayed to');
  events
    .command('tail')
    .description('print events: the last ones stored in the database, or what RabbitMQ or NATS carries now')
    .option('-c, --config <file>', CONFIG_HELP)
    .option('--database <url>', DATABASE_HELP)
    .option('--type <types>', TYPE_HELP, eventTypeList)
    .option('--from <source>', 'outbox (the database), rabbitmq or nats (the config\'s destination of that type, its URL from the environment)', choice('--from', TAIL_SOURCES), 'outbox')
    .option('--since <date>', 'outbox: events that occurred at or after this UTC date, e.g. 2026-12-01 or 2026-12-01T08:00:00Z; nats: what the stream stored from then on', utcDate('--since'))
    .option('--limit <n>', 'outbox: how many stored events to print (default 20, all with --since); rabbitmq, nats: stop after n', wholeNumber('--limit', 1))
    .option('-f, --follow', 'outbox: keep printing new events as they commit, until Ctrl-C (rabbitmq and nats always follow)')
    .option('--json', 'one event envelope (docs/events/) as JSON per line')
    .addHelpText(
      'after',
      [
        '',
        'Lines read: time (UTC)  #sequence  type  pair  deal  figures. The outbox is read, never changed.',
        'From a broker, the command binds a queue (RabbitMQ) or an ordered consumer (NATS) of its own, which',
        'goes away with it: consumers of the relay lose nothing.',
        '',
        'Examples:',
        '  dealbot events tail --follow',
        '  dealbot events tail --type DealClosed --since 2026-12-01 --json',
        '  dealbot events tail --from rabbitmq --limit 10',
      ].join('\n'),
    )
    .action(async (options: EventsTailOptions) => {
      const { eventsTailCommand } = await import('./events-tail.js');
      await eventsTailCommand(deps, options);
    });
  events
    .command('replay')
    .description('send the stored events of a time window again to one configured destination')
    .requiredOption('--since <date>', 'first moment of the window (UTC), e.g. 2026-12-01 or 2026-12-01T08:00:00Z', utcDate('--since'))
    .option('--until <date>', 'end of the window (UTC, excluded; default: up to the last committed event)', utcDate('--until'))
    .requiredOption('--to <name>', 'the destination as events.destinations names it: its `name`, or its type')
    .option('--type <types>', TYPE_HELP, eventTypeList)
    .option('--dry-run', 'only say how many events of which types would go')
    .option('-c, --config <file>', CONFIG_HELP)
    .option('--database <url>', DATABASE_HELP)
    .addHelpText(
      'after',
      [
        '',
        'Events go in sequence (commit) order, events.batchSize at a time, each batch once the previous',
        'one was confirmed. The destination\'s delivery cursor does not move: the running relay goes on',
        'where it was. Consumers receive events they may have seen before and must de-duplicate them by',
        'their `id` (NATS drops copies within its duplicate window by itself).',
        '',
        'Examples:',
        '  dealbot events replay --since 2026-12-01 --to rabbitmq --dry-run',
        '  dealbot events replay --since 2026-12-01T08:00:00Z --until 2026-12-02 --to webhook:alerts --type DealClosed',
      ].join('\n'),
    )
    .action(async (options: EventsReplayOptions) => {
      const { eventsReplayCommand } = await import('./events-replay.js');
      await eventsReplayCommand(deps, options);
    });
}
