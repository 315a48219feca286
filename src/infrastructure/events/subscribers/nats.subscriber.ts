import { DeliverPolicy, jetstream, JetStreamApiCodes, JetStreamApiError } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { hostOf, Inbox, type MessageFeed } from './message-feed.js';

export interface NatsFeedOptions {
  /** nats://host:port (several separated by commas). */
  readonly url: string;
  /** The JetStream stream the relay publishes to. */
  readonly stream: string;
  /** One subject filter, e.g. `dealbot.dlb.>` or `dealbot.dlb.DealClosed` (one keeps NATS 2.9 servers able to serve it). */
  readonly subject: string;
  /** From this time on (epoch ms) what the stream holds, then new messages; undefined: new messages only. */
  readonly since?: number;
  readonly timeoutMs: number;
}

/**
 * The stream's messages on `subject` through an ordered, ephemeral consumer: nothing is
 * acknowledged and nothing stays on the server once the feed closes.
 */
export async function natsFeed(options: NatsFeedOptions): Promise<MessageFeed> {
  const host = hostOf(options.url.split(',')[0] ?? options.url);
  const connection = await connect({ servers: options.url.split(','), timeout: options.timeoutMs, name: 'dealbot events tail' });
  const inbox = new Inbox();
  let closing = false;
  try {
    const consumer = await jetstream(connection, { timeout: options.timeoutMs })
      .consumers.get(options.stream, {
        filter_subjects: options.subject,
        ...(options.since === undefined ? { deliver_policy: DeliverPolicy.New } : { deliver_policy: DeliverPolicy.StartTime, opt_start_time: new Date(options.since).toISOString() }),
      })
      .catch((error: unknown) => {
        if (error instanceof JetStreamApiError && error.code === JetStreamApiCodes.StreamNotFound) throw new Error(`NATS at ${host} has no JetStream stream ${options.stream}: nothing was published there yet`);
        throw error;
      });
    const messages = await consumer.consume();
    void (async () => {
      try {
        for await (const message of messages) inbox.push(message.string());
        inbox.end();
      } catch (error) {
        if (!closing) inbox.fail(new Error(`reading NATS at ${host} failed: ${error instanceof Error ? error.message : String(error)}`));
      }
    })();
    void connection.closed().then((error) => {
      if (!closing) inbox.fail(new Error(`the connection to NATS at ${host} was lost${error instanceof Error ? `: ${error.message}` : ''}`));
    });
    return {
      source: `stream ${options.stream} (${options.subject}) on ${host}`,
      [Symbol.asyncIterator]: () => inbox[Symbol.asyncIterator](),
      close: async () => {
        closing = true;
        inbox.end();
        await messages.close().catch(() => {});
        await connection.close().catch(() => {});
      },
    };
  } catch (error) {
    closing = true;
    await connection.close().catch(() => {});
    throw error;
  }
}
