import { ConfigError } from '../../config/config-error.js';
import { destinationNameOf, type DestinationConfig } from '../../config/events.schema.js';
import type { EventDestination } from '../event-destination.js';
import type { EventEnvelope } from '../event-envelope.js';

/**
 * The destinations `events.destinations` configures, in its order, with URLs and secrets read
 * from `env`. A `log` without a path is the run's console and is not built here. The broker
 * clients (amqplib, NATS) load only when a destination of theirs is configured.
 * Throws a ConfigError naming the entry and the variable when one is missing.
 */
export async function buildDestinations(configs: readonly DestinationConfig[], env: NodeJS.ProcessEnv): Promise<EventDestination[]> {
  const built: EventDestination[] = [];
  for (const [index, config] of configs.entries()) {
    const destination = await buildOne(config, `events.destinations[${index}] (${config.type}${config.name === undefined ? '' : ` ${config.name}`})`, env);
    if (destination === null) continue;
    built.push(config.types === undefined ? destination : new TypeFilter(destination, config.types));
  }
  return built;
}

async function buildOne(config: DestinationConfig, where: string, env: NodeJS.ProcessEnv): Promise<EventDestination | null> {
  const name = destinationNameOf(config);
  switch (config.type) {
    case 'log': {
      if (config.path === undefined) return null;
      const { LogFileDestination } = await import('./log-file.destination.js');
      return new LogFileDestination({ name, path: config.path });
    }
    case 'rabbitmq': {
      const url = required(env, config.urlEnv, where, "the broker's URL, e.g. amqp://guest:guest@127.0.0.1:5672");
      if (!/^amqps?:\/\//.test(url)) throw new ConfigError(`${where}: ${config.urlEnv} must be an amqp:// or amqps:// URL`);
      const { RabbitMqDestination } = await import('./rabbitmq.destination.js');
      return new RabbitMqDestination({ name, url, exchange: config.exchange, timeoutMs: config.timeoutMs });
    }
    case 'nats': {
      const url = required(env, config.urlEnv, where, "the NATS server's URL, e.g. nats://127.0.0.1:4222");
      const { NatsDestination } = await import('./nats.destination.js');
      return new NatsDestination({ name, url, stream: config.stream, subjects: config.subjects, timeoutMs: config.timeoutMs });
    }
    case 'webhook': {
      const url = required(env, config.urlEnv, where, 'the URL to POST events to, e.g. https://example.com/dealbot/events');
      if (!isHttpUrl(url)) throw new ConfigError(`${where}: ${config.urlEnv} must be an http:// or https:// URL`);
      const secret = required(env, config.secretEnv, where, 'the secret the receiver checks X-Dealbot-Signature with (a long random string)');
      const { WebhookDestination } = await import('./webhook.destination.js');
      return new WebhookDestination({ name, url, secret, format: config.format, timeoutMs: config.timeoutMs });
    }
  }
}

function required(env: NodeJS.ProcessEnv, variable: string, where: string, what: string): string {
  const value = env[variable]?.trim();
  if (!value) throw new ConfigError(`${where}: set ${variable} to ${what}`);
  return value;
}

function isHttpUrl(value: string): boolean {
  try {
    const { protocol } = new URL(value);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

/** A destination given `types` sends only those; the others count as delivered. */
class TypeFilter implements EventDestination {
  readonly name: string;
  readonly #types: ReadonlySet<string>;

  constructor(
    private readonly inner: EventDestination,
    types: readonly string[],
  ) {
    this.name = inner.name;
    this.#types = new Set(types);
  }

  send(envelopes: readonly EventEnvelope[]): Promise<void> {
    const kept = envelopes.filter((envelope) => this.#types.has(envelope.type));
    return kept.length === 0 ? Promise.resolve() : this.inner.send(kept);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
