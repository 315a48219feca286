import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect as natsConnect, type NatsConnection } from '@nats-io/transport-node';
import { connect as amqpConnect, type ChannelModel } from 'amqplib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../../../src/domain/events.js';
import { eventTopic, toEnvelope, type EventEnvelope } from '../../../../src/infrastructure/events/event-envelope.js';
import { serviceAvailable } from '../../../support/services.js';
import { botFolder, cleanEnv, startDealbot, type RunningCli } from './events-fixture.js';

/**
 * `dealbot events tail --from rabbitmq|nats` against the real brokers on this machine: the test
 * publishes envelopes as the relay does (RabbitMQ: durable topic exchange, routing key
 * eventTopic, persistent, messageId; NATS: JetStream subject eventTopic, Nats-Msg-Id) and the
 * CLI must print them. Each run uses its own bot prefix, exchange and stream.
 */

const tag = randomBytes(3).toString('hex');
const PREFIX = `t${tag.slice(0, 5)}-`;
const OTHER = `u${tag.slice(0, 5)}-`;
const RABBIT_URL = 'amqp://guest:guest@127.0.0.1:5672';
const NATS_URL = 'nats://127.0.0.1:4222';
const T0 = Date.UTC(2026, 11, 1, 8);

function envelope(sequence: number, event: DomainEvent, prefix = PREFIX): EventEnvelope {
  return toEnvelope({ sequence, eventId: `${tag}-${sequence}`, event }, prefix);
}
const opened = (seq: number, prefix = PREFIX) => envelope(seq, { type: 'DealOpened', occurredAt: T0 + seq * 60_000, dealId: `d${seq}`, symbol: 'ETH/USDT', buyOrderId: `b${seq}`, price: '2000.25', amount: '0.01' }, prefix);
const filled = (seq: number) => envelope(seq, { type: 'OrderFilled', occurredAt: T0 + seq * 60_000, orderId: `b${seq}`, dealId: `d${seq}`, symbol: 'ETH/USDT', side: 'buy', tradeId: `t${seq}`, price: '2000.25', amount: '0.01', fee: '0.02', filled: '0.01', complete: true });
const closed = (seq: number) => envelope(seq, { type: 'DealClosed', occurredAt: T0 + seq * 60_000, dealId: `d${seq}`, symbol: 'ETH/USDT', pnl: '-1.5', fees: '0.04', reason: 'stop loss' });

const folders: string[] = [];
const running: RunningCli[] = [];
/** A tail still running when its test ends (a failure) is killed. */
const track = (cli: RunningCli): RunningCli => (running.push(cli), cli);
afterEach(() => running.splice(0).forEach((cli) => cli.child.kill('SIGKILL')));
afterAll(() => folders.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

async function folder(destination: string): Promise<string> {
  const dir = await botFolder(null, `events:\n  destinations:\n    - ${destination}\n`);
  folders.push(dir);
  const config = join(dir, 'dealbot.yaml');
  writeFileSync(config, readFileSync(config, 'utf8').replace(/^botPrefix: .*$/m, `botPrefix: ${PREFIX}`));
  return dir;
}

describe.skipIf(!(await serviceAvailable({ name: 'RabbitMQ', host: '127.0.0.1', port: 5672 })))('dealbot events tail --from rabbitmq', () => {
  const exchange = `dealbot.test.${tag}`;
  let connection: ChannelModel;
  beforeAll(async () => {
    connection = await amqpConnect(RABBIT_URL);
  });
  afterAll(async () => {
    const channel = await connection.createChannel();
    await channel.deleteExchange(exchange);
    await connection.close();
  });

  async function publish(envelopes: readonly EventEnvelope[] | string): Promise<void> {
    const channel = await connection.createConfirmChannel();
    await channel.assertExchange(exchange, 'topic', { durable: true });
    if (typeof envelopes === 'string') channel.publish(exchange, `dealbot.${PREFIX.slice(0, -1)}.DealOpened`, Buffer.from(envelopes));
    else for (const e of envelopes) channel.publish(exchange, eventTopic(e), Buffer.from(JSON.stringify(e)), { persistent: true, messageId: e.id, contentType: 'application/json' });
    await channel.waitForConfirms();
    await channel.close();
  }

  it('prints what the exchange routes for this bot and these types, then stops at --limit (exit 0)', async () => {
    const dir = await folder(`{ type: rabbitmq, exchange: "${exchange}" }`);
    const tail = track(startDealbot(['events', 'tail', '--from', 'rabbitmq', '--type', 'DealOpened,DealClosed', '--limit', '2'], dir, cleanEnv({ DEALBOT_RABBITMQ_URL: RABBIT_URL })));
    await tail.waitFor(/reading exchange/, 'stderr');
    expect(tail.stderr()).toBe(`dealbot: reading exchange ${exchange} on 127.0.0.1:5672; Ctrl-C to stop\n`);
    await publish([opened(1, OTHER), filled(2), opened(3), closed(4), opened(5)]);
    expect(await tail.exited).toBe(0);
    expect(tail.stdout()).toBe([
      '2026-12-01 08:03:00  #3  DealOpened               ETH/USDT   deal d3  buy 0.01 @ 2000.25',
      '2026-12-01 08:04:00  #4  DealClosed               ETH/USDT   deal d4  PnL -1.5, fees 0.04 (stop loss)',
      '',
    ].join('\n'));
  }, 60_000);

  it('--json prints the envelopes as received; a message that is not an envelope is skipped with a line on stderr', async () => {
    const dir = await folder(`{ type: rabbitmq, exchange: "${exchange}" }`);
    const tail = track(startDealbot(['events', 'tail', '--from', 'rabbitmq', '--json', '--limit', '1'], dir, cleanEnv({ DEALBOT_RABBITMQ_URL: RABBIT_URL })));
    await tail.waitFor(/reading exchange/, 'stderr');
    await publish('not json');
    await publish([filled(6)]);
    expect(await tail.exited).toBe(0);
    expect(tail.stdout().trimEnd().split('\n').map((line) => JSON.parse(line) as unknown)).toEqual([filled(6)]);
    expect(tail.stderr()).toContain('dealbot: skipped a message that is not a dealbot event: not json\n');
  }, 60_000);

  it('Ctrl-C (SIGINT) ends it with exit 0', async () => {
    const dir = await folder(`{ type: rabbitmq, exchange: "${exchange}" }`);
    const tail = track(startDealbot(['events', 'tail', '--from', 'rabbitmq'], dir, cleanEnv({ DEALBOT_RABBITMQ_URL: RABBIT_URL })));
    await tail.waitFor(/reading exchange/, 'stderr');
    tail.child.kill('SIGINT');
    expect(await tail.exited).toBe(0);
  }, 60_000);
});

describe.skipIf(!(await serviceAvailable({ name: 'NATS', host: '127.0.0.1', port: 4222 })))('dealbot events tail --from nats', () => {
  let stream = `CLI_TAIL_${tag}`;
  let created = false;
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  beforeAll(async () => {
    nc = await natsConnect({ servers: NATS_URL });
    jsm = await jetstreamManager(nc);
    const subject = `dealbot.${PREFIX.slice(0, -1)}.>`;
    try {
      await jsm.streams.add({ name: stream, subjects: [subject] });
      created = true;
    } catch {
      // a stream over dealbot.> (a relay's) already captures these subjects: read that one
      stream = await jsm.streams.find(`dealbot.${PREFIX.slice(0, -1)}.DealOpened`);
    }
  });
  afterAll(async () => {
    if (created) await jsm.streams.delete(stream);
    await nc.close();
  });

  const publish = async (e: EventEnvelope): Promise<Date> => {
    const ack = await jetstream(nc).publish(eventTopic(e), JSON.stringify(e), { msgID: e.id });
    const stored = await jsm.streams.getMessage(stream, { seq: ack.seq });
    if (stored === null) throw new Error(`message ${ack.seq} not in ${stream}`);
    return stored.time;
  };

  it('--since prints what the stream stored from then on, then new messages, of these types; stops at --limit', async () => {
    const dir = await folder(`{ type: nats, stream: "${stream}" }`);
    const first = await publish(opened(11));
    const since = new Date(first.getTime() + 1);
    // the next message must be stored after `since` (the server's clock has milliseconds)
    while (Date.now() <= since.getTime() + 1) await new Promise((resolve) => setTimeout(resolve, 2));
    await publish(opened(12));
    await publish(filled(13));
    const tail = track(startDealbot(['events', 'tail', '--from', 'nats', '--since', since.toISOString(), '--type', 'DealOpened,DealClosed', '--limit', '3'], dir, cleanEnv({ DEALBOT_NATS_URL: NATS_URL })));
    await tail.waitFor(/#12 /);
    expect(tail.stderr()).toBe(`dealbot: reading stream ${stream} (dealbot.${PREFIX.slice(0, -1)}.*) on 127.0.0.1:4222; Ctrl-C to stop\n`);
    await publish(closed(14));
    await publish(opened(15));
    expect(await tail.exited).toBe(0);
    expect(tail.stdout().trimEnd().split('\n').map((line) => / #(\d+) /.exec(line)?.[1])).toEqual(['12', '14', '15']);
  }, 60_000);

  it('without --since: only new messages; one --type becomes the filter subject; --json prints the envelopes', async () => {
    const dir = await folder(`{ type: nats, stream: "${stream}" }`);
    await publish(closed(21));
    const tail = track(startDealbot(['events', 'tail', '--from', 'nats', '--type', 'DealClosed', '--json', '--limit', '1'], dir, cleanEnv({ DEALBOT_NATS_URL: NATS_URL })));
    await tail.waitFor(/reading stream/, 'stderr');
    expect(tail.stderr()).toContain(`(dealbot.${PREFIX.slice(0, -1)}.DealClosed)`);
    await publish(opened(22));
    await publish(closed(23));
    expect(await tail.exited).toBe(0);
    expect(JSON.parse(tail.stdout())).toEqual(closed(23));
  }, 60_000);
});
