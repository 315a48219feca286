import { afterAll, describe, expect, it } from 'vitest';
import { collectRabbitmq, NATS_URL, RABBITMQ_URL, readNatsStream } from '../../../support/events/collectors.js';
import { BotProcess } from '../../../support/realtime/bot-process.js';
import { tempDir } from '../../../support/realtime/bot-config.js';
import { serviceAvailable } from '../../../support/services.js';
import { seededRandom } from '../realtime/crash.fixtures.js';
import { dropStream, eventNames, eventsEnv, expectDeliveredExactly, signedReceiver, storedEvents, waitCaughtUp, writeEventsConfig } from './delivery.fixtures.js';

/** Kills per run (the issue asks for at least 10) and the seed of their moments; a failing run is replayed with its seed. */
const KILLS = Number(process.env.DEALBOT_EVENTS_KILLS ?? 10);
const SEED = Number(process.env.DEALBOT_EVENTS_SEED ?? 23);
// more than the test reaches: the last run is stopped once every destination caught up
const CANDLES = 100_000;
const PACE_MS = 20;

const rabbit = new URL(RABBITMQ_URL);
const nats = new URL(NATS_URL);
const brokersUp =
  (await serviceAvailable({ name: 'RabbitMQ', host: rabbit.hostname, port: Number(rabbit.port || 5672) })) &&
  (await serviceAvailable({ name: 'NATS', host: nats.hostname, port: Number(nats.port || 4222) }));

describe.skipIf(!brokersUp)('the bot SIGKILLed while it relays events', () => {
  const names = eventNames();
  const dir = tempDir('dealbot-events-kill-');
  afterAll(async () => {
    dir.remove();
    await dropStream(names.stream);
  });

  it(`killed ${KILLS} times at random moments and restarted: every committed event reaches every destination, none of an uncommitted change, order per deal kept`, async () => {
    const database = `sqlite:${dir.path}/events.db`;
    const config = writeEventsConfig(dir.path, database, names);
    const webhook = await signedReceiver();
    const consumer = await collectRabbitmq(names.exchange, names.prefix);
    const env = eventsEnv(webhook);
    const args = ['run', '-c', config, '--candles', String(CANDLES), '--pace', String(PACE_MS)];
    const random = seededRandom(SEED);
    const committedAtKill: number[] = [];
    try {
      for (let round = 0; round < KILLS; round += 1) {
        const bot = BotProcess.spawn(args, { env, label: `round ${round}` });
        await bot.waitForOutput(/state in sqlite:/);
        await new Promise((resolve) => setTimeout(resolve, 100 + random() * 1_900));
        expect(bot.running, `round ${round} ended before its kill: ${bot.tail()}`).toBe(true);
        bot.signal('SIGKILL');
        expect((await bot.waitForExit()).signal).toBe('SIGKILL');
        committedAtKill.push((await storedEvents(database)).length);
      }
      // the last run: it sends what the killed ones left, trades on, and stops when told
      const last = BotProcess.spawn([...args, '--json'], { env, label: 'last run' });
      // trading (a new event committed) before the catch-up is judged: the killed runs may have sent
      // everything already, and a SIGTERM while the process still starts has no handler yet
      const before = (await storedEvents(database)).length;
      for (const deadline = Date.now() + 30_000; (await storedEvents(database)).length === before; ) {
        expect(Date.now() < deadline && last.running, `the last run committed no event: ${last.tail()}`).toBe(true);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await waitCaughtUp(database, ['rabbitmq', 'nats', 'webhook']);
      last.signal('SIGTERM');
      expect(await last.waitForExit(60_000), last.tail()).toEqual({ code: 0, signal: null });
      const summary = JSON.parse(last.stdout) as { stopped: string; events: Array<{ destination: string; pending: number }> };
      expect(summary.stopped).toBe('signal');
      expect(summary.events.map((e) => [e.destination, e.pending])).toEqual([['rabbitmq', 0], ['nats', 0], ['webhook', 0]]);

      const stored = await storedEvents(database);
      expect(committedAtKill.every((n, i) => i === 0 || n >= committedAtKill[i - 1]!)).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const duplicates = {
        rabbitmq: expectDeliveredExactly('rabbitmq', consumer.bodies, stored).duplicates,
        nats: expectDeliveredExactly('nats', await readNatsStream(names.stream, names.prefix), stored).duplicates,
        webhook: expectDeliveredExactly('webhook', webhook.bodies, stored).duplicates,
      };
      console.info(`events kill test (seed ${SEED}): ${KILLS} kills with ${committedAtKill.join(', ')} events committed; ${stored.length} in all; repeats removed by id: ${JSON.stringify(duplicates)}`);
    } finally {
      await consumer.close();
      await webhook.close();
    }
  }, 300_000);
});
