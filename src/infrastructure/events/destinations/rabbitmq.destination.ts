import { once } from 'node:events';
import { connect as amqpConnect, type ChannelModel, type ConfirmChannel } from 'amqplib';
import type { EventDestination } from '../event-destination.js';
import { eventTopic, type EventEnvelope } from '../event-envelope.js';
import { deadline, DeliveryError, reasonOf, SendQueue } from './delivery.js';

export interface RabbitMqDestinationOptions {
  readonly name: string;
  /** amqp://user:password@host:port/vhost */
  readonly url: string;
  /** A durable topic exchange, declared when missing. */
  readonly exchange: string;
  /** Bounds a whole send: connecting, publishing and the broker's confirms. */
  readonly timeoutMs: number;
  /** Opens the connection: amqplib's connect, or one a test keeps a handle on. */
  readonly connect?: (url: string, socketOptions: { readonly timeout: number }) => Promise<ChannelModel>;
}

interface Link {
  readonly connection: ChannelModel;
  readonly channel: ConfirmChannel;
}

/**
 * Publishes each envelope, in order, to a topic exchange over a confirm channel (routing key
 * `dealbot.<prefix>.<type>`, persistent) and resolves once the broker confirmed them all. The
 * connection opens on the first send; one that broke is opened again by the next send.
 * A message no queue is bound for is still confirmed: the exchange took it.
 */
export class RabbitMqDestination implements EventDestination {
  readonly name: string;
  readonly #options: RabbitMqDestinationOptions;
  readonly #queue = new SendQueue();
  #link: Link | null = null;
  /** What the broker or the socket last said when the link failed: why a publish saw only "channel closed". */
  #heard: Error | null = null;
  #closed = false;

  constructor(options: RabbitMqDestinationOptions) {
    this.name = options.name;
    this.#options = options;
  }

  send(envelopes: readonly EventEnvelope[]): Promise<void> {
    return this.#queue.run(async () => {
      if (this.#closed) throw new DeliveryError(this.name, 'closed');
      if (envelopes.length === 0) return;
      const { timeoutMs } = this.#options;
      try {
        await deadline(this.#publish(envelopes), timeoutMs, `the broker did not confirm within ${timeoutMs} ms`);
      } catch (error) {
        const heard = this.#heard !== null && this.#heard !== error ? ` (${reasonOf(this.#heard)})` : '';
        this.#drop();
        throw new DeliveryError(this.name, `${reasonOf(error)}${heard}`, { cause: error });
      }
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#queue.idle();
    const link = this.#link;
    this.#link = null;
    // A close waits for the broker's answer, which a silent link never gives; its heartbeat ends the socket later.
    if (link) await deadline(link.connection.close(), this.#options.timeoutMs, 'close').catch(() => {});
  }

  async #publish(envelopes: readonly EventEnvelope[]): Promise<void> {
    const { channel } = this.#link ?? (await this.#open());
    const { exchange } = this.#options;
    const confirms: Promise<void>[] = [];
    for (const envelope of envelopes) {
      let written = true;
      confirms.push(
        new Promise<void>((resolve, reject) => {
          written = channel.publish(exchange, eventTopic(envelope), Buffer.from(JSON.stringify(envelope)), propertiesOf(envelope), (error: unknown) => {
            if (error === null || error === undefined) resolve();
            else reject(new Error(`the broker did not take event ${envelope.id} (${error instanceof Error ? error.message : 'nack'})`));
          });
        }),
      );
      if (!written) await once(channel, 'drain');
    }
    await Promise.all(confirms);
    await channel.waitForConfirms();
  }

  async #open(): Promise<Link> {
    const { url, timeoutMs, exchange } = this.#options;
    this.#heard = null;
    const connection = await (this.#options.connect ?? amqpConnect)(url, { timeout: timeoutMs });
    const forget = (): void => {
      if (this.#link?.connection === connection) this.#link = null;
    };
    // An 'error' nobody listens to kills the process: each is heard, kept for the send's reason, and forgets the link.
    const heard = (error: Error): void => {
      if (this.#link === null || this.#link.connection === connection) this.#heard = error;
      forget();
    };
    connection.on('error', heard);
    connection.on('close', forget);
    try {
      const channel = await connection.createConfirmChannel();
      channel.on('error', heard);
      channel.on('close', forget);
      await channel.assertExchange(exchange, 'topic', { durable: true });
      if (this.#closed) throw new Error('closed');
      this.#link = { connection, channel };
      return this.#link;
    } catch (error) {
      await connection.close().catch(() => {});
      throw error;
    }
  }

  /** After a failed send nothing on the link can be trusted: the next send opens a new one. */
  #drop(): void {
    const link = this.#link;
    this.#link = null;
    link?.connection.close().catch(() => {});
  }
}

function propertiesOf(envelope: EventEnvelope) {
  return {
    persistent: true,
    messageId: envelope.id,
    type: envelope.type,
    contentType: 'application/json',
    /** When the event happened, in seconds (AMQP's unit). */
    timestamp: Math.floor(Date.parse(envelope.occurredAt) / 1000),
  };
}
