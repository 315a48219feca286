import { randomUUID } from 'node:crypto';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, nanos, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeliveryError } from '../../../../src/infrastructure/events/destinations/delivery.js';
import { DUPLICATE_WINDOW_MS, NatsDestination } from '../../../../src/infrastructure/events/destinations/nats.destination.js';
import { eventTopic, type EventEnvelope } from '../../../../src/infrastructure/events/event-envelope.js';
import { serviceAvailable } from '../../../support/services.js';
import { brokerService, closedPort, NATS_TEST_URL, silentServer, tcpProxy } from './brokers.js';
import { envelopes, uniquePrefix } from './envelopes.js';

const up = await serviceAvailable(brokerService('NATS', NATS_TEST_URL, 4222));

describe.skipIf(!up)('NatsDestination against the local NATS JetStream', () => {
  let admin: NatsConnection;
  let jsm: JetStreamManager;
  const streams: string[] = [];

  beforeAll(async () => {
    admin = await connect({ servers: NATS_TEST_URL });
    jsm = await jetstreamManager(admin);
  });
  afterAll(async () => {
    for (const stream of streams) await jsm.streams.delete(stream).catch(() => false);
    await admin.close();
  });

  /**
   * A destination on a stream of its own that captures only this test's prefix: streams may
   * not share subjects, so each test's stream must not claim all of `dealbot.>`.
   */
  function setup(url = NATS_TEST_URL, timeoutMs = 5_000) {
    const connections: NatsConnection[] = [];
    const stream = `DEALBOT_TEST_${randomUUID().slice(0, 8)}`;
    const prefix = uniquePrefix();
    streams.push(stream);
    const destination = new NatsDestination({ name: 'nats', url, stream, timeoutMs, subjects: [`dealbot.${prefix.slice(0, -1)}.>`],
      connect: async (options) => {
        const connection = await connect(options);
        connections.push(connection);
        return connection;
      },
    });
    const stored = async (): Promise<{ subject: string; msgID: string | undefined; envelope: EventEnvelope }[]> => {
      const { state } = await jsm.streams.info(stream);
      const messages = [];
      for (let seq = state.first_seq; state.messages > 0 && seq <= state.last_seq; seq += 1) {
        const message = await jsm.streams.getMessage(stream, { seq });
        if (message !== null) messages.push({ subject: message.subject, msgID: message.header.get('Nats-Msg-Id') || undefined, envelope: message.json<EventEnvelope>() });
      }
      return messages;
    };
    return { destination, connections, stream, prefix, stored };
  }

  it('creates the stream (file storage, a duplicate window) and stores every envelope in order under its subject and id', async () => {
    const { destination, stream, prefix, stored } = setup();
    const batches = [envelopes(prefix, 2, 1), envelopes(prefix, 3, 3), envelopes(prefix, 4, 6)];
    for (const batch of batches) await destination.send(batch);
    const { config } = await jsm.streams.info(stream);
    expect(config.storage).toBe('file');
    expect(config.duplicate_window).toBe(nanos(DUPLICATE_WINDOW_MS));
    const sent = batches.flat();
    const messages = await stored();
    expect(messages.map((m) => m.envelope)).toEqual(sent);
    expect(messages.map((m) => m.subject)).toEqual(sent.map(eventTopic));
    expect(messages.map((m) => m.msgID)).toEqual(sent.map((e) => e.id));
    await destination.close();
  });

  it('a batch sent again is stored once (de-duplicated by Nats-Msg-Id)', async () => {
    const { destination, prefix, stored } = setup();
    const batch = envelopes(prefix, 3);
    await destination.send(batch);
    await destination.send(batch);
    await destination.send([batch[1]!]);
    expect((await stored()).map((m) => m.envelope.id)).toEqual(batch.map((e) => e.id));
    await destination.close();
  });

  it('uses a stream that exists as it is', async () => {
    const { destination, stream, prefix, stored } = setup();
    await jsm.streams.add({ name: stream, subjects: [`dealbot.${prefix.slice(0, -1)}.>`], max_msgs: 1000 });
    await destination.send(envelopes(prefix, 2));
    expect((await jsm.streams.info(stream)).config.max_msgs).toBe(1000);
    expect(await stored()).toHaveLength(2);
    await destination.close();
  });

  it('an event no part of the configured stream fails the send, even when another stream stores it', async () => {
    const { destination, prefix } = setup();
    const other = setup();
    await other.destination.send(envelopes(other.prefix, 1));
    const stray = envelopes(other.prefix, 1, 2);
    await destination.send(envelopes(prefix, 1));
    await expect(destination.send(stray)).rejects.toThrow(/^nats: /);
    await destination.close();
    await other.destination.close();
  });

  it('a send whose connection drops under it throws, and the next send connects again', async () => {
    const server = new URL(NATS_TEST_URL);
    const proxy = await tcpProxy(server.hostname, Number(server.port || 4222));
    const { destination, connections, prefix, stored } = setup(`nats://127.0.0.1:${proxy.port}`);
    await destination.send(envelopes(prefix, 1, 1));
    const pending = destination.send(envelopes(prefix, 20, 2));
    proxy.cut();
    await expect(pending).rejects.toThrow(DeliveryError);
    expect(connections[0]!.isClosed()).toBe(true);
    await destination.send(envelopes(prefix, 1, 22));
    expect(connections).toHaveLength(2);
    expect((await stored()).at(-1)!.envelope.sequence).toBe(22);
    await destination.close();
    await proxy.close();
  });

  it('a send that timed out on a link gone silent drops it: the next send connects again; close ends on a silent link', async () => {
    const server = new URL(NATS_TEST_URL);
    const proxy = await tcpProxy(server.hostname, Number(server.port || 4222));
    const { destination, connections, prefix, stored } = setup(`nats://127.0.0.1:${proxy.port}`, 300);
    await destination.send(envelopes(prefix, 1, 1));
    proxy.freeze();
    await expect(destination.send(envelopes(prefix, 1, 2))).rejects.toThrow(/^nats: .*timeout/i);
    await destination.send(envelopes(prefix, 1, 3));
    expect(connections).toHaveLength(2);
    expect((await stored()).map((m) => m.envelope.sequence)).toEqual([1, 3]);
    proxy.freeze();
    await destination.close(); // ends though the link is silent
    await proxy.close();
  });

  it('a connection that closed between sends is opened again by the next send', async () => {
    const { destination, connections, prefix, stored } = setup();
    await destination.send(envelopes(prefix, 1, 1));
    await connections[0]!.close();
    await destination.send(envelopes(prefix, 1, 2));
    expect(connections).toHaveLength(2);
    expect(await stored()).toHaveLength(2);
    await destination.close();
  });

  it('a closed port fails the send', async () => {
    const destination = new NatsDestination({ name: 'nats', url: `nats://127.0.0.1:${await closedPort()}`, stream: 'DEALBOT', timeoutMs: 5_000 });
    await expect(destination.send(envelopes(uniquePrefix(), 1))).rejects.toThrow(DeliveryError);
    await destination.close();
  });

  it('a server that never answers fails the send after timeoutMs', async () => {
    const server = await silentServer();
    const destination = new NatsDestination({ name: 'nats', url: `nats://127.0.0.1:${server.port}`, stream: 'DEALBOT', timeoutMs: 300 });
    await expect(destination.send(envelopes(uniquePrefix(), 1))).rejects.toThrow('nats: timeout');
    await destination.close();
    await server.close();
  }, 10_000); // the client's own connect timeout is 20 s: this fails if timeoutMs is not passed on
});
