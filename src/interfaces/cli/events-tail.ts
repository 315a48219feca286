import type { DealbotConfig } from '../../infrastructure/config/config.schema.js';
import { ConfigError } from '../../infrastructure/config/config-error.js';
import { toEnvelope, type EventEnvelope, type StoredEvent } from '../../infrastructure/events/event-envelope.js';
import { accepts, lastEvents, scanEvents, type EventFilter } from '../../infrastructure/events/outbox-window.js';
import type { MessageFeed } from '../../infrastructure/events/subscribers/message-feed.js';
import { BrokerError, UsageError } from './cli-errors.js';
import { configPath } from './api-target.js';
import { loadCheckedConfig } from './config-check.command.js';
import { tailLine } from './event-tail-line.js';
import type { EventsTailOptions } from './events-options.js';
import { openOutboxReader, outboxUrl, type OutboxReader } from './outbox-reader.js';
import type { CliDeps } from './session.js';

/** Stored events printed without --limit or --since. */
const DEFAULT_LIMIT = 20;
/** How often --follow asks the database for new events. */
const POLL_MS = 500;
const PAGE = 500;

/** `dealbot events tail`: prints until done, or with --follow / a broker until Ctrl-C or SIGTERM (exit 0). */
export async function eventsTailCommand(deps: CliDeps, options: EventsTailOptions): Promise<void> {
  if (options.from !== 'outbox') {
    if (options.database !== undefined) throw new UsageError(`--database reads the outbox; it does not go with --from ${options.from}`);
    if (options.from === 'rabbitmq' && options.since !== undefined) throw new UsageError('--since needs --from outbox or nats: RabbitMQ keeps no history, a new queue gets new messages only');
  }
  const path = configPath(options.config, deps.defaultConfigPath);
  const config = loadCheckedConfig(path);
  const filter: EventFilter = { types: options.type === undefined ? undefined : new Set(options.type), since: options.since };
  const print = (envelope: EventEnvelope): void => void process.stdout.write(`${options.json ? JSON.stringify(envelope) : tailLine(envelope)}\n`);
  if (options.from === 'outbox') await tailOutbox(deps, config, path, options, filter, print);
  else await tailBroker(config, path, options, filter, print);
}

async function tailOutbox(deps: CliDeps, config: DealbotConfig, path: string, options: EventsTailOptions, filter: EventFilter, print: (e: EventEnvelope) => void): Promise<void> {
  const reader = await openOutboxReader(deps, outboxUrl(options.database, config.database, path));
  // heard from the start: a Ctrl-C while the stored events print ends with exit 0 too
  const stop = options.follow ? untilSignal() : null;
  try {
    const log = await reader.log();
    const show = (stored: StoredEvent): void => print(toEnvelope(stored, config.botPrefix));
    const top = await log.last();
    if (options.since === undefined) {
      (await lastEvents(log, top, options.limit ?? DEFAULT_LIMIT, filter)).forEach(show);
    } else {
      let left = options.limit ?? Number.POSITIVE_INFINITY;
      await scanEvents(log, 0, top, filter, (page) => {
        page.slice(0, left).forEach(show);
        left -= page.length;
        return left > 0;
      });
    }
    if (stop !== null) await follow(reader, top, filter, show, stop);
  } finally {
    stop?.dispose();
    await reader.close();
  }
}

/** Prints what commits after `from`, as it commits, until a signal. */
async function follow(reader: OutboxReader, from: number, filter: EventFilter, show: (stored: StoredEvent) => void, stop: Stop): Promise<void> {
  let cursor = from;
  while (!stop.stopped) {
    const rows = await (await reader.log()).after(cursor, PAGE);
    for (const row of rows) if (accepts(filter, row)) show(row);
    cursor = rows[rows.length - 1]?.sequence ?? cursor;
    if (rows.length < PAGE) await pause(POLL_MS, stop.signalled);
  }
}

async function tailBroker(config: DealbotConfig, path: string, options: EventsTailOptions, filter: EventFilter, print: (e: EventEnvelope) => void): Promise<void> {
  const feed = await openFeed(config, path, options, filter);
  // the handlers first: whoever reads the line may press Ctrl-C at once, and a SIGINT before them would kill the process
  const stop = untilSignal();
  process.stderr.write(`dealbot: reading ${feed.source}; Ctrl-C to stop\n`);
  void stop.signalled.then(() => feed.close());
  let printed = 0;
  try {
    for await (const body of feed) {
      const envelope = envelopeOf(body);
      if (envelope === null) {
        process.stderr.write(`dealbot: skipped a message that is not a dealbot event: ${body.slice(0, 80).replace(/\s+/g, ' ')}\n`);
        continue;
      }
      if (filter.types !== undefined && !filter.types.has(envelope.type)) continue;
      print(envelope);
      printed += 1;
      if (options.limit !== undefined && printed >= options.limit) break;
    }
  } catch (error) {
    throw new BrokerError(error instanceof Error ? error.message : String(error), { cause: error });
  } finally {
    stop.dispose();
    await feed.close();
  }
}

/** The feed of the config's destination of the --from type; its client library loads here only. */
async function openFeed(config: DealbotConfig, path: string, options: EventsTailOptions, filter: EventFilter): Promise<MessageFeed> {
  const destination = config.events.destinations.find((d) => d.type === options.from);
  if (destination === undefined || (destination.type !== 'rabbitmq' && destination.type !== 'nats')) {
    throw new ConfigError(`${path}: events.destinations has no ${options.from} destination to read from (add e.g. { type: ${options.from} })`);
  }
  const url = process.env[destination.urlEnv]?.trim();
  if (!url) throw new ConfigError(`set ${destination.urlEnv} to the ${destination.type === 'rabbitmq' ? 'RabbitMQ URL, e.g. amqp://guest:guest@127.0.0.1:5672' : 'NATS URL, e.g. nats://127.0.0.1:4222'} (events.destinations: ${destination.name ?? destination.type})`);
  const prefix = `dealbot.${config.botPrefix.replace(/-$/, '')}`;
  const types = [...(filter.types ?? [])];
  try {
    if (destination.type === 'rabbitmq') {
      const { rabbitMqFeed } = await import('../../infrastructure/events/subscribers/rabbitmq.subscriber.js');
      const bindingKeys = types.length === 0 ? [`${prefix}.*`] : types.map((type) => `${prefix}.${type}`);
      return await rabbitMqFeed({ url, exchange: destination.exchange, bindingKeys, timeoutMs: destination.timeoutMs });
    }
    const { natsFeed } = await import('../../infrastructure/events/subscribers/nats.subscriber.js');
    // one filter subject (NATS 2.9 takes no list): several types are picked out here
    const subject = types.length === 1 ? `${prefix}.${types[0]}` : `${prefix}.*`;
    return await natsFeed({ url, stream: destination.stream, subject, since: options.since, timeoutMs: destination.timeoutMs });
  } catch (error) {
    const where = destination.type === 'rabbitmq' ? 'RabbitMQ' : 'NATS';
    throw new BrokerError(`cannot read ${where} (${destination.urlEnv}): ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

/** A broker message as an envelope, or null when it does not look like one. */
export function envelopeOf(body: string): EventEnvelope | null {
  try {
    const value: unknown = JSON.parse(body);
    if (typeof value !== 'object' || value === null) return null;
    const e = value as Record<string, unknown>;
    const ok = typeof e.id === 'string' && typeof e.type === 'string' && typeof e.sequence === 'number' && typeof e.occurredAt === 'string' && typeof e.payload === 'object' && e.payload !== null;
    return ok ? (value as EventEnvelope) : null;
  } catch {
    return null;
  }
}

/** Waits `ms`, or less when `interrupt` comes first; leaves no timer behind. */
async function pause(ms: number, interrupt: Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([interrupt, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

/** Ctrl-C or SIGTERM ends the command normally (exit 0) instead of killing it. */
interface Stop {
  readonly signalled: Promise<void>;
  readonly stopped: boolean;
  dispose(): void;
}

function untilSignal(): Stop {
  let stopped = false;
  let done: () => void = () => undefined;
  const signalled = new Promise<void>((resolve) => (done = resolve));
  const onSignal = (): void => {
    stopped = true;
    done();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return {
    signalled,
    get stopped() {
      return stopped;
    },
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
