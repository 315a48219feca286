import { connect } from 'amqplib';
import { hostOf, Inbox, type MessageFeed } from './message-feed.js';

export interface RabbitMqFeedOptions {
  /** amqp://user:password@host:port/vhost */
  readonly url: string;
  /** The durable topic exchange the relay publishes to (declared if missing, as the relay does). */
  readonly exchange: string;
  /** Routing keys to bind, e.g. `dealbot.dlb.*` or `dealbot.dlb.DealClosed`. */
  readonly bindingKeys: readonly string[];
  readonly timeoutMs: number;
}

/**
 * The messages the exchange routes from now on, through an exclusive, auto-deleted queue of
 * this process bound with `bindingKeys`: the broker drops the queue when the feed closes or
 * the process dies. Nothing is acknowledged back to the relay; other consumers are untouched.
 */
export async function rabbitMqFeed(options: RabbitMqFeedOptions): Promise<MessageFeed> {
  const connection = await connect(options.url, { timeout: options.timeoutMs });
  const inbox = new Inbox();
  let closing = false;
  const lost = (error?: unknown): void => {
    if (!closing) inbox.fail(new Error(`the connection to RabbitMQ at ${hostOf(options.url)} was lost${error instanceof Error ? `: ${error.message}` : ''}`));
  };
  connection.on('error', lost);
  connection.on('close', lost);
  try {
    const channel = await connection.createChannel();
    channel.on('error', lost);
    await channel.assertExchange(options.exchange, 'topic', { durable: true });
    const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true, durable: false });
    for (const key of options.bindingKeys) await channel.bindQueue(queue, options.exchange, key);
    await channel.consume(queue, (message) => (message === null ? lost() : inbox.push(message.content.toString('utf8'))), { noAck: true, exclusive: true });
  } catch (error) {
    closing = true;
    await connection.close().catch(() => {});
    throw error;
  }
  return {
    source: `exchange ${options.exchange} on ${hostOf(options.url)}`,
    [Symbol.asyncIterator]: () => inbox[Symbol.asyncIterator](),
    close: async () => {
      closing = true;
      inbox.end();
      await connection.close().catch(() => {});
    },
  };
}
