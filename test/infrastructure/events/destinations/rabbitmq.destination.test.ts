import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import { connect, type Channel, type ChannelModel, type GetMessage } from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeliveryError } from '../../../../src/infrastructure/events/destinations/delivery.js';
import { RabbitMqDestination } from '../../../../src/infrastructure/events/destinations/rabbitmq.destination.js';
import { eventTopic } from '../../../../src/infrastructure/events/event-envelope.js';
import { serviceAvailable } from '../../../support/services.js';
import { brokerService, closedPort, forceCloseConnection, RABBITMQ_TEST_URL, rabbitmqctlWorks, silentServer, tcpProxy } from './brokers.js';
import { envelopes, uniquePrefix } from './envelopes.js';

const up = await serviceAvailable(brokerService('RabbitMQ', RABBITMQ_TEST_URL, 5672));
const ctl = up && (await rabbitmqctlWorks());
if (up && !ctl) console.warn('skipping the broker-closes-the-connection test: rabbitmqctl cannot reach the local broker (run as root or the rabbitmq user)');

/** The socket under an amqplib connection: closing it is the network dropping the link. */
const socketOf = (model: ChannelModel): Socket => (model.connection as unknown as { stream: Socket }).stream;

describe.skipIf(!up)('RabbitMqDestination against the local RabbitMQ', () => {
  let admin: ChannelModel;
  let channel: Channel;
  const exchanges: string[] = [];

  beforeAll(async () => {
    admin = await connect(RABBITMQ_TEST_URL);
    channel = await admin.createChannel();
  });
  afterAll(async () => {
    for (const exchange of exchanges) await channel.deleteExchange(exchange);
    await admin.close();
  });

  /** A destination on an exchange of its own, a queue bound to all of it, and every connection the destination opened. */
  async function setup(queueArguments: Record<string, unknown> = {}, url = RABBITMQ_TEST_URL, timeoutMs = 5_000) {
    const exchange = `dealbot.test.${randomUUID()}`;
    exchanges.push(exchange);
    const connections: ChannelModel[] = [];
    const destination = new RabbitMqDestination({
      name: 'rabbitmq',
      url,
      exchange,
      timeoutMs,
      connect: async (url, options) => {
        const model = await connect(url, options);
        connections.push(model);
        return model;
      },
    });
    await channel.assertExchange(exchange, 'topic', { durable: true });
    const { queue } = await channel.assertQueue('', { exclusive: true, arguments: queueArguments });
    await channel.bindQueue(queue, exchange, 'dealbot.#');
    const received = async (): Promise<GetMessage[]> => {
      const messages: GetMessage[] = [];
      for (let message = await channel.get(queue, { noAck: true }); message !== false; message = await channel.get(queue, { noAck: true })) messages.push(message);
      return messages;
    };
    return { destination, connections, received };
  }

  it('publishes every envelope in order, persistent, under its topic and id, and the body is the envelope', async () => {
    const { destination, received } = await setup();
    const prefix = uniquePrefix();
    const batches = [envelopes(prefix, 2, 1), envelopes(prefix, 3, 3), envelopes(prefix, 4, 6)];
    for (const batch of batches) await destination.send(batch);
    const messages = await received();
    const sent = batches.flat();
    expect(messages.map((m) => JSON.parse(m.content.toString()))).toEqual(sent);
    messages.forEach((message, i) => {
      const envelope = sent[i]!;
      expect(message.properties.deliveryMode).toBe(2);
      expect(message.fields.routingKey).toBe(eventTopic(envelope));
      expect(message.fields.routingKey).toBe(`dealbot.${prefix.slice(0, -1)}.${envelope.type}`);
      expect(message.properties.messageId).toBe(envelope.id);
      expect(message.properties.type).toBe(envelope.type);
      expect(message.properties.contentType).toBe('application/json');
      expect(message.properties.timestamp).toBe(Date.parse(envelope.occurredAt) / 1000);
    });
    await destination.close();
  });

  // A socket error is what a dropped network gives; amqplib emits it as an 'error' event,
  // which would end the process had the destination no listener for it.
  it('a send under which the connection drops throws, and the next send connects again and is delivered', async () => {
    const { destination, connections, received } = await setup();
    const prefix = uniquePrefix();
    await destination.send(envelopes(prefix, 1, 1));
    const pending = destination.send(envelopes(prefix, 50, 2));
    socketOf(connections[0]!).destroy(new Error('the network went down'));
    await expect(pending).rejects.toThrow(DeliveryError);
    const after = envelopes(prefix, 3, 52);
    await destination.send(after);
    expect(connections).toHaveLength(2);
    expect((await received()).slice(-3).map((m) => m.properties.messageId)).toEqual(after.map((e) => e.id));
    await destination.close();
  });

  it('a connection that dropped between sends is opened again by the next send', async () => {
    const { destination, connections, received } = await setup();
    const prefix = uniquePrefix();
    await destination.send(envelopes(prefix, 1, 1));
    const closed = new Promise((resolve) => connections[0]!.once('close', resolve));
    socketOf(connections[0]!).destroy(new Error('the network went down'));
    await closed;
    await destination.send(envelopes(prefix, 2, 2));
    expect(connections).toHaveLength(2);
    expect(await received()).toHaveLength(3);
    await destination.close();
  });

  it('a send that timed out on a link gone silent drops it: the next send connects again; close ends on a silent link', async () => {
    const broker = new URL(RABBITMQ_TEST_URL);
    const proxy = await tcpProxy(broker.hostname, Number(broker.port || 5672));
    const through = new URL(RABBITMQ_TEST_URL);
    through.hostname = '127.0.0.1';
    through.port = String(proxy.port);
    const { destination, connections, received } = await setup({}, through.href, 300);
    const prefix = uniquePrefix();
    await destination.send(envelopes(prefix, 1, 1));
    proxy.freeze();
    await expect(destination.send(envelopes(prefix, 1, 2))).rejects.toThrow('rabbitmq: the broker did not confirm within 300 ms');
    await destination.send(envelopes(prefix, 1, 3));
    expect(connections).toHaveLength(2);
    expect((await received()).map((m) => (JSON.parse(m.content.toString()) as { sequence: number }).sequence)).toEqual([1, 3]);
    proxy.freeze();
    await destination.close(); // ends though the link is silent
    await proxy.close();
  });

  it('an exchange deleted under it fails the send (a channel error, not a crash); the next send declares it again', async () => {
    const exchange = `dealbot.test.${randomUUID()}`;
    exchanges.push(exchange);
    const destination = new RabbitMqDestination({ name: 'rabbitmq', url: RABBITMQ_TEST_URL, exchange, timeoutMs: 5_000 });
    const prefix = uniquePrefix();
    await destination.send(envelopes(prefix, 1, 1));
    await channel.deleteExchange(exchange);
    await expect(destination.send(envelopes(prefix, 1, 2))).rejects.toThrow(/^rabbitmq: the broker did not take event .* \(.*404 \(NOT-FOUND\)/);
    await destination.send(envelopes(prefix, 1, 3));
    await channel.checkExchange(exchange);
    await destination.close();
  });

  it('a message the broker refuses (nack) fails the send', async () => {
    const { destination } = await setup({ 'x-max-length': 1, 'x-overflow': 'reject-publish' });
    await expect(destination.send(envelopes(uniquePrefix(), 3))).rejects.toThrow(/rabbitmq: the broker did not take event /);
    await destination.close();
  });

  it('an exchange of another type is a channel error the send reports, not a crash', async () => {
    const exchange = `dealbot.test.${randomUUID()}`;
    exchanges.push(exchange);
    await channel.assertExchange(exchange, 'fanout', { durable: true });
    const destination = new RabbitMqDestination({ name: 'rabbitmq', url: RABBITMQ_TEST_URL, exchange, timeoutMs: 5_000 });
    await expect(destination.send(envelopes(uniquePrefix(), 1))).rejects.toThrow(/rabbitmq: .*PRECONDITION_FAILED/);
    await destination.close();
  });

  it.skipIf(!ctl)('a connection the broker closed (rabbitmqctl close_connection) is opened again by the next send', async () => {
    const { destination, connections, received } = await setup();
    const prefix = uniquePrefix();
    await destination.send(envelopes(prefix, 1, 1));
    const closed = new Promise<unknown>((resolve) => connections[0]!.once('close', resolve));
    await forceCloseConnection(socketOf(connections[0]!).localPort!);
    expect(String(await closed)).toMatch(/CONNECTION_FORCED/);
    await destination.send(envelopes(prefix, 1, 2));
    expect(connections).toHaveLength(2);
    expect(await received()).toHaveLength(2);
    await destination.close();
  }, 60_000);

  it('a closed port fails the send', async () => {
    const url = `amqp://guest:guest@127.0.0.1:${await closedPort()}`;
    const destination = new RabbitMqDestination({ name: 'rabbitmq', url, exchange: 'dealbot.events', timeoutMs: 5_000 });
    await expect(destination.send(envelopes(uniquePrefix(), 1))).rejects.toThrow(/rabbitmq: .*ECONNREFUSED/);
    await destination.close();
  });

  it('a broker that never answers fails the send after timeoutMs', async () => {
    const server = await silentServer();
    const destination = new RabbitMqDestination({ name: 'rabbitmq', url: `amqp://guest:guest@127.0.0.1:${server.port}`, exchange: 'dealbot.events', timeoutMs: 300 });
    await expect(destination.send(envelopes(uniquePrefix(), 1))).rejects.toThrow('rabbitmq: the broker did not confirm within 300 ms');
    await destination.close();
    await server.close();
  });

  it('a closed destination refuses to send', async () => {
    const { destination } = await setup();
    await destination.close();
    await expect(destination.send(envelopes(uniquePrefix(), 1))).rejects.toThrow('rabbitmq: closed');
  });
});
