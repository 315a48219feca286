import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { connect as amqpConnect } from 'amqplib';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect as natsConnect } from '@nats-io/transport-node';

/** What a test consumer received: the parsed body of every message, in arrival order. */
export interface Received {
  readonly bodies: unknown[];
}

export const RABBITMQ_URL = process.env.DEALBOT_TEST_RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
export const NATS_URL = process.env.DEALBOT_TEST_NATS_URL ?? 'nats://127.0.0.1:4222';

/** An exclusive queue bound to the bot's topic exchange for one prefix's events, collecting each message. */
export async function collectRabbitmq(exchange: string, prefix: string): Promise<Received & { persistent: boolean[]; close(): Promise<void> }> {
  const connection = await amqpConnect(RABBITMQ_URL);
  connection.on('error', () => {});
  const channel = await connection.createChannel();
  await channel.assertExchange(exchange, 'topic', { durable: true });
  const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
  await channel.bindQueue(queue, exchange, `dealbot.${prefix.replace(/-$/, '')}.*`);
  const bodies: unknown[] = [];
  const persistent: boolean[] = [];
  await channel.consume(
    queue,
    (message) => {
      if (message === null) return;
      bodies.push(JSON.parse(message.content.toString('utf8')));
      persistent.push(message.properties.deliveryMode === 2);
    },
    { noAck: true },
  );
  return {
    bodies,
    persistent,
    close: async () => {
      await connection.close().catch(() => {});
    },
  };
}

/** Every message the JetStream stream holds for one prefix, oldest first. */
export async function readNatsStream(stream: string, prefix: string): Promise<unknown[]> {
  const nc = await natsConnect({ servers: NATS_URL });
  try {
    const info = await (await jetstreamManager(nc)).streams.info(stream).catch(() => null);
    if (info === null) return [];
    const consumer = await jetstream(nc).consumers.get(stream, { filter_subjects: `dealbot.${prefix.replace(/-$/, '')}.>` });
    const bodies: unknown[] = [];
    for (;;) {
      const batch = await consumer.fetch({ max_messages: 500, expires: 1_000 });
      let got = 0;
      for await (const message of batch) {
        bodies.push(message.json());
        got += 1;
      }
      if (got === 0) return bodies;
    }
  } finally {
    await nc.close();
  }
}

/**
 * A webhook receiver on a local port: verifies each request with `verify`, answers `status`
 * (200 by default; a test sets 503 for an outage), and keeps the bodies it accepted.
 */
export class WebhookReceiver {
  readonly bodies: unknown[] = [];
  rejected = 0;
  status = 200;
  readonly #server: Server;

  private constructor(verify: (headers: IncomingHttpHeaders, body: string) => boolean) {
    this.#server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        if (!verify(request.headers, body)) {
          this.rejected += 1;
          response.writeHead(401).end('signature does not verify');
          return;
        }
        if (this.status >= 300) {
          response.writeHead(this.status).end('unavailable');
          return;
        }
        this.bodies.push(JSON.parse(body));
        response.writeHead(this.status).end('ok');
      });
    });
  }

  static async start(verify: (headers: IncomingHttpHeaders, body: string) => boolean): Promise<WebhookReceiver> {
    const receiver = new WebhookReceiver(verify);
    await new Promise<void>((resolve) => receiver.#server.listen(0, '127.0.0.1', () => resolve()));
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.#server.address() as { port: number }).port}/hook`;
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}

/** The first arrival of each event id, in arrival order: what a de-duplicating consumer keeps. */
export function firstById<T extends { id: string }>(bodies: readonly T[]): T[] {
  const seen = new Set<string>();
  return bodies.filter((body) => (seen.has(body.id) ? false : (seen.add(body.id), true)));
}
