import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectRabbitmq, NATS_URL, RABBITMQ_URL, readNatsStream } from '../../../support/events/collectors.js';
import { BotProcess } from '../../../support/realtime/bot-process.js';
import { tempDir } from '../../../support/realtime/bot-config.js';
import { serviceAvailable } from '../../../support/services.js';
import { dropStream, eventNames, eventsEnv, expectDeliveredExactly, signedReceiver, storedEvents, writeEventsConfig } from './delivery.fixtures.js';

const brokersUp =
  (await serviceAvailable({ name: 'RabbitMQ', host: new URL(RABBITMQ_URL).hostname, port: Number(new URL(RABBITMQ_URL).port || 5672) })) &&
  (await serviceAvailable({ name: 'NATS', host: new URL(NATS_URL).hostname, port: Number(new URL(NATS_URL).port || 4222) }));

describe.skipIf(!brokersUp)('a paper run relays its events to RabbitMQ, NATS JetStream and a webhook at once', () => {
  const names = eventNames();
  const dir = tempDir('dealbot-events-e2e-');
  afterAll(async () => {
    dir.remove();
    await dropStream(names.stream);
  });
  beforeAll(() => undefined);

  it('every committed event of every deal of 3 pairs reaches all three, valid against the contract, in commit order per deal', async () => {
    const database = `sqlite:${dir.path}/events.db`;
    const config = writeEventsConfig(dir.path, database, names);
    const webhook = await signedReceiver();
    const rabbit = await collectRabbitmq(names.exchange, names.prefix);
    try {
      const run = await BotProcess.run(['run', '-c', config, '--candles', '400', '--pace', '0', '--json'], { env: eventsEnv(webhook), label: 'events run', timeoutMs: 90_000 });
      expect(run.exit, run.stderr).toEqual({ code: 0, signal: null });
      const summary = JSON.parse(run.stdout) as { events: Array<{ destination: string; delivered: number; pending: number }> };
      const stored = await storedEvents(database);
      const symbols = new Set(stored.map((s) => ('symbol' in s.event ? s.event.symbol : null)));
      expect([...symbols].sort()).toEqual(['BTC/USDT', 'ETH/USDT', 'SOL/USDT']);
      expect(new Set(stored.map((s) => s.event.type))).toEqual(expect.objectContaining({ size: expect.any(Number) }));
      for (const type of ['DealOpened', 'OrderPlaced', 'OrderFilled', 'DealBought', 'DealClosed']) expect(stored.some((s) => s.event.type === type), type).toBe(true);
      expect(summary.events.map((e) => [e.destination, e.delivered, e.pending])).toEqual([
        ['rabbitmq', stored.length, 0],
        ['nats', stored.length, 0],
        ['webhook', stored.length, 0],
      ]);
      await new Promise((resolve) => setTimeout(resolve, 300)); // the last confirmed messages on their way to the test's queue
      expect(rabbit.persistent.every(Boolean)).toBe(true);
      expect(expectDeliveredExactly('rabbitmq', rabbit.bodies, stored).duplicates).toBe(0);
      expect(expectDeliveredExactly('nats', await readNatsStream(names.stream, names.prefix), stored).duplicates).toBe(0);
      expect(expectDeliveredExactly('webhook', webhook.bodies, stored).duplicates).toBe(0);
      expect(webhook.rejected).toBe(0);
      console.info(`events e2e: ${stored.length} events of ${new Set(stored.map((s) => ('dealId' in s.event ? s.event.dealId : ''))).size - 1} deals delivered to each of 3 destinations`);
    } finally {
      await rabbit.close();
      await webhook.close();
    }
  }, 120_000);
});
