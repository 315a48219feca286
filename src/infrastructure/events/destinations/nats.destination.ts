import { jetstream, jetstreamManager, JetStreamApiCodes, JetStreamApiError, StorageType, type JetStreamClient } from '@nats-io/jetstream';
import { connect as natsConnect, nanos, type NatsConnection, type NodeConnectionOptions } from '@nats-io/transport-node';
import type { EventDestination } from '../event-destination.js';
import { eventTopic, type EventEnvelope } from '../event-envelope.js';
import { DeliveryError, reasonOf, SendQueue } from './delivery.js';

/** How long JetStream remembers a message id to drop a re-sent copy of it. */
export const DUPLICATE_WINDOW_MS = 10 * 60_000;

export interface NatsDestinationOptions {
  readonly name: string;
  /** nats://host:port (several separated by commas). */
  readonly url: string;
  /** The JetStream stream that stores the events; created when missing, left as it is when present. */
  readonly stream: string;
  /** Bounds connecting and each request (stream lookup, every publish's acknowledgement). */
  readonly timeoutMs: number;
  /** The subjects a stream this creates captures: `dealbot.>` (tests narrow it to their own prefix). */
  readonly subjects?: readonly string[];
  /** Opens the connection: the NATS client's connect, or one a test keeps a handle on. */
  readonly connect?: (options: NodeConnectionOptions) => Promise<NatsConnection>;
}

interface Link {
  readonly connection: NatsConnection;
  readonly js: JetStreamClient;
}

/**
 * Publishes each envelope, in order and one acknowledgement at a time, to JetStream under
 * subject `dealbot.<prefix>.<type>` with the event id as Nats-Msg-Id, so a batch sent again
 * inside the duplicate window is stored once. Every publish must land in the configured
 * stream. The connection opens on the first send and is opened again after a failure.
 */
export class NatsDestination implements EventDestination {
  readonly name: string;
  readonly #options: NatsDestinationOptions;
  readonly #queue = new SendQueue();
  #link: Link | null = null;
  #closed = false;

  constructor(options: NatsDestinationOptions) {
    this.name = options.name;
    this.#options = options;
  }

  send(envelopes: readonly EventEnvelope[]): Promise<void> {
    return this.#queue.run(async () => {
      if (this.#closed) throw new DeliveryError(this.name, 'closed');
      if (envelopes.length === 0) return;
      try {
        await this.#publish(envelopes);
      } catch (error) {
        await this.#drop();
        throw new DeliveryError(this.name, reasonOf(error), { cause: error });
      }
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#queue.idle();
    await this.#drop();
  }

  async #publish(envelopes: readonly EventEnvelope[]): Promise<void> {
    const link = this.#link !== null && !this.#link.connection.isClosed() ? this.#link : await this.#open();
    const { stream, timeoutMs } = this.#options;
    for (const envelope of envelopes) {
      await link.js.publish(eventTopic(envelope), JSON.stringify(envelope), { msgID: envelope.id, timeout: timeoutMs, expect: { streamName: stream } });
    }
  }

  async #open(): Promise<Link> {
    await this.#drop();
    const { url, timeoutMs } = this.#options;
    const connection = await (this.#options.connect ?? natsConnect)({ servers: url.split(','), timeout: timeoutMs, reconnect: false, name: 'dealbot' });
    try {
      await this.#ensureStream(connection);
      this.#link = { connection, js: jetstream(connection, { timeout: timeoutMs }) };
      return this.#link;
    } catch (error) {
      await connection.close().catch(() => {});
      throw error;
    }
  }

  async #ensureStream(connection: NatsConnection): Promise<void> {
    const { stream, timeoutMs, subjects = ['dealbot.>'] } = this.#options;
    const jsm = await jetstreamManager(connection, { timeout: timeoutMs });
    try {
      await jsm.streams.info(stream);
    } catch (error) {
      if (!(error instanceof JetStreamApiError && error.code === JetStreamApiCodes.StreamNotFound)) throw error;
      await jsm.streams.add({ name: stream, subjects: [...subjects], storage: StorageType.File, duplicate_window: nanos(DUPLICATE_WINDOW_MS) });
    }
  }

  async #drop(): Promise<void> {
    const link = this.#link;
    this.#link = null;
    if (link) await link.connection.close().catch(() => {});
  }
}
