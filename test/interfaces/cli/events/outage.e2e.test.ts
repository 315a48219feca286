import { afterAll, describe, expect, it } from 'vitest';
import { collectRabbitmq, NATS_URL, RABBITMQ_URL, readNatsStream } from '../../../support/events/collectors.js';
import { TcpProxy } from '../../../support/events/tcp-proxy.js';
import { BotProcess } from '../../../support/realtime/bot-process.js';
import { tempDir } from '../../../support/realtime/bot-config.js';
import { serviceAvailable } from '../../../support/services.js';
import { dropStream, eventNames, eventsEnv, expectDeliveredExactly, signedReceiver, storedEvents, waitCaughtUp, writeEventsConfig } from './delivery.fixtures.js';

/** How long every destination is gone mid-run (the 30 s by default). */
const OUTAGE_S = Number(process.env.DEALBOT_EVENTS_OUTAGE_S ?? 30);
const PACE_MS = 20;
// more than the test ever reaches: it stops the bot itself once every destination caught up
const CANDLES = 100_000;

const rabbit = new URL(RABBITMQ_URL);
const nats = new URL(NATS_URL);
const brokersUp =
  (await serviceAvailable({ name: 'RabbitMQ', host: rabbit.hostname, port: Number(rabbit.port || 5672) })) &&
  (await serviceAvailable({ name: 'NATS', host: nats.hostname, port: Number(nats.port || 4222) }));

describe.skipIf(!brokersUp)('every destination gone for a while mid-run', () => {
  const names = eventNames();
  const dir = tempDir('dealbot-events-outage-');
  afterAll(async () => {
    dir.remove();
    await dropStream(names.stream);
  });

  it(`RabbitMQ and NATS cut off and the webhook answering 503 for ${OUTAGE_S} s: trading goes on; afterwards every event is delivered, in order per deal, repeats only of ids already delivered`, async () => {
    const database = `sqlite:${dir.path}/events.db`;
    const config = writeEventsConfig(dir.path, database, names);
    const webhook = await signedReceiver();
    const consumer = await collectRabbitmq(names.exchange, names.prefix);
    const rabbitProxy = await TcpProxy.start(rabbit.hostname, Number(rabbit.port || 5672));
    const natsProxy = await TcpProxy.start(nats.hostname, Number(nats.port || 4222));
    const urls = { rabbitmq: `amqp://guest:guest@127.0.0.1:${rabbitProxy.port}`, nats: `nats://127.0.0.1:${natsProxy.port}` };
    const bot = BotProcess.spawn(['run', '-c', config, '--candles', String(CANDLES), '--pace', String(PACE_MS)], { env: eventsEnv(webhook, urls), label: 'outage run' });
    try {
      await bot.waitForOutput(/state in sqlite:/);
      await bot.waitUntil(() => webhook.bodies.length > 20, 'some events delivered before the outage');
      await rabbitProxy.cut();
      await natsProxy.cut();
      webhook.status = 503;
      const before = (await storedEvents(database)).length;
      await new Promise((resolve) => setTimeout(resolve, OUTAGE_S * 1000));
      expect(bot.running, bot.tail()).toBe(true);
      const during = (await storedEvents(database)).length;
      expect(during, 'trading went on: events committed during the outage').toBeGreaterThan(before + 50);
      await rabbitProxy.restore();
      await natsProxy.restore();
      webhook.status = 200;
      await waitCaughtUp(database, ['rabbitmq', 'nats', 'webhook']);
      expect(bot.running, bot.tail()).toBe(true);
      bot.signal('SIGTERM');
      expect((await bot.waitForExit(60_000)).code, bot.tail()).toBe(0);
      expect(bot.stdout).toMatch(/^events → webhook: delivered \d+, pending 0$/m);

      const stored = await storedEvents(database);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const duplicates = {
        rabbitmq: expectDeliveredExactly('rabbitmq', consumer.bodies, stored).duplicates,
        nats: expectDeliveredExactly('nats', await readNatsStream(names.stream, names.prefix), stored).duplicates,
        webhook: expectDeliveredExactly('webhook', webhook.bodies, stored).duplicates,
      };
      // one line when a destination goes down and one when it delivers again, not one per retry
      for (const name of ['rabbitmq', 'nats', 'webhook']) {
        expect(bot.stdout.split('\n').filter((l) => l.startsWith(`events → ${name}: down`)), name).toHaveLength(1);
        expect(bot.stdout.split('\n').filter((l) => l.startsWith(`events → ${name}: delivering again`)), name).toHaveLength(1);
      }
      console.info(`events outage (${OUTAGE_S} s): ${stored.length} events, ${during - before} committed during the outage; repeats removed by id: ${JSON.stringify(duplicates)}`);
    } finally {
      await bot.dispose();
      await consumer.close();
      await webhook.close();
      await rabbitProxy.close();
      await natsProxy.close();
    }
  }, (OUTAGE_S + 150) * 1000);
});
