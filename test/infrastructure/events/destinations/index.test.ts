import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../../src/infrastructure/config/config-error.js';
import { eventsSchema } from '../../../../src/infrastructure/config/events.schema.js';
import { buildDestinations } from '../../../../src/infrastructure/events/destinations/index.js';
import { LogFileDestination } from '../../../../src/infrastructure/events/destinations/log-file.destination.js';
import { NatsDestination } from '../../../../src/infrastructure/events/destinations/nats.destination.js';
import { RabbitMqDestination } from '../../../../src/infrastructure/events/destinations/rabbitmq.destination.js';
import { WebhookDestination } from '../../../../src/infrastructure/events/destinations/webhook.destination.js';
import { envelopes, uniquePrefix } from './envelopes.js';

const dir = mkdtempSync(join(tmpdir(), 'dealbot-build-destinations-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The destinations as a config file gives them, defaults filled in. */
const configured = (destinations: unknown[]) => eventsSchema.parse({ destinations }).destinations;

const ENV = {
  DEALBOT_RABBITMQ_URL: 'amqp://guest:guest@127.0.0.1:5672',
  DEALBOT_NATS_URL: 'nats://127.0.0.1:4222',
  DEALBOT_WEBHOOK_URL: 'https://example.com/dealbot',
  DEALBOT_WEBHOOK_SECRET: 'a long random string',
};

async function refusal(destinations: unknown[], env: NodeJS.ProcessEnv): Promise<string> {
  const error = await buildDestinations(configured(destinations), env).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return (error as ConfigError).message;
}

describe('buildDestinations', () => {
  it('builds one destination per entry, in order, named as their cursors are; a log without a path is the console and is not built', async () => {
    const built = await buildDestinations(
      configured([{ type: 'log' }, { type: 'rabbitmq' }, { type: 'nats' }, { type: 'webhook', name: 'alerts', format: 'slack' }, { type: 'log', name: 'audit', path: join(dir, 'a.jsonl') }]),
      ENV,
    );
    expect(built.map((d) => d.name)).toEqual(['rabbitmq', 'nats', 'alerts', 'audit']);
    expect(built.map((d) => d.constructor)).toEqual([RabbitMqDestination, NatsDestination, WebhookDestination, LogFileDestination]);
    expect(await buildDestinations(configured([{ type: 'log' }]), {})).toEqual([]);
    await Promise.all(built.map((d) => d.close()));
  });

  it('connects to nothing while building: brokers that are down do not stop a start', async () => {
    const built = await buildDestinations(configured([{ type: 'rabbitmq' }, { type: 'nats' }]), { DEALBOT_RABBITMQ_URL: 'amqp://127.0.0.1:1', DEALBOT_NATS_URL: 'nats://127.0.0.1:1' });
    expect(built).toHaveLength(2);
    await Promise.all(built.map((d) => d.close()));
  });

  it.each([
    [[{ type: 'log' }, { type: 'rabbitmq' }], {}, "events.destinations[1] (rabbitmq): set DEALBOT_RABBITMQ_URL to the broker's URL, e.g. amqp://guest:guest@127.0.0.1:5672"],
    [[{ type: 'nats', urlEnv: 'MY_NATS' }], { DEALBOT_NATS_URL: 'nats://x' }, "events.destinations[0] (nats): set MY_NATS to the NATS server's URL, e.g. nats://127.0.0.1:4222"],
    [[{ type: 'webhook' }], { DEALBOT_WEBHOOK_SECRET: 's' }, 'events.destinations[0] (webhook): set DEALBOT_WEBHOOK_URL to the URL to POST events to, e.g. https://example.com/dealbot/events'],
    [[{ type: 'webhook', name: 'alerts' }], { DEALBOT_WEBHOOK_URL: 'https://example.com/x', DEALBOT_WEBHOOK_SECRET: '  ' }, 'events.destinations[0] (webhook alerts): set DEALBOT_WEBHOOK_SECRET to the secret the receiver checks X-Dealbot-Signature with (a long random string)'],
    [[{ type: 'webhook' }], { DEALBOT_WEBHOOK_URL: 'ftp://example.com/x?token=SECRET', DEALBOT_WEBHOOK_SECRET: 's' }, 'events.destinations[0] (webhook): DEALBOT_WEBHOOK_URL must be an http:// or https:// URL'],
    [[{ type: 'rabbitmq' }], { DEALBOT_RABBITMQ_URL: '127.0.0.1:5672' }, 'events.destinations[0] (rabbitmq): DEALBOT_RABBITMQ_URL must be an amqp:// or amqps:// URL'],
  ])('%j with %j: %s', async (destinations, env, message) => {
    expect(await refusal(destinations, env)).toBe(message);
  });

  it('types: a destination given types sends only those; a batch of none of them counts as delivered without a write', async () => {
    const path = join(dir, 'typed.jsonl');
    const [destination] = await buildDestinations(configured([{ type: 'log', path, types: ['DealOpened', 'DealClosed'] }]), {});
    const prefix = uniquePrefix();
    const sent = envelopes(prefix, 6);
    await destination!.send(sent.filter((e) => e.type === 'OrderPlaced'));
    expect(() => readFileSync(path)).toThrow(/ENOENT/);
    await destination!.send(sent);
    await destination!.close();
    const written = readFileSync(path, 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line) as { type: string });
    expect(written).toEqual(sent.filter((e) => e.type === 'DealOpened' || e.type === 'DealClosed'));
  });
});

const ROOT = resolve(import.meta.dirname, '../../../..');
const RECORDER = join(ROOT, 'test/support/module-recorder.mjs');
let runs = 0;

/** The packages a fresh process loads to build `destinations` (each config entry as in a file). */
function packagesLoadedBuilding(destinations: unknown[]): Promise<Set<string>> {
  const log = join(dir, `modules-${++runs}.txt`);
  const script = `
    const { eventsSchema } = await import(${JSON.stringify(join(ROOT, 'src/infrastructure/config/events.schema.ts'))});
    const { buildDestinations } = await import(${JSON.stringify(join(ROOT, 'src/infrastructure/events/destinations/index.ts'))});
    const built = await buildDestinations(eventsSchema.parse({ destinations: ${JSON.stringify(destinations)} }).destinations, process.env);
    console.log(built.map((d) => d.name).join(','));`;
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--import', RECORDER, '--input-type=module', '-e', script], {
      cwd: ROOT,
      env: { ...process.env, ...ENV, DEALBOT_MODULE_LOG: log },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', fail);
    child.on('close', (code) => {
      if (code !== 0) return fail(new Error(`exit ${code}: ${stderr}`));
      done(new Set(readFileSync(log, 'utf8').split('\n').flatMap((line) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(line)?.[1] ?? [])));
    });
  });
}

describe('buildDestinations loads a broker client only when one of its destinations is configured', () => {
  it('a log and a webhook load neither amqplib nor the NATS client', async () => {
    const loaded = await packagesLoadedBuilding([{ type: 'log' }, { type: 'log', name: 'file', path: join(dir, 'f.jsonl') }, { type: 'webhook' }]);
    expect(loaded.has('zod')).toBe(true); // the recorder saw the run
    expect([...loaded].filter((name) => name === 'amqplib' || name.startsWith('@nats-io/'))).toEqual([]);
  }, 60_000);

  it('rabbitmq loads amqplib and nats the NATS client (the recorder sees what it guards against)', async () => {
    const rabbit = await packagesLoadedBuilding([{ type: 'rabbitmq' }]);
    expect(rabbit.has('amqplib')).toBe(true);
    expect(rabbit.has('@nats-io/transport-node')).toBe(false);
    const nats = await packagesLoadedBuilding([{ type: 'nats' }]);
    expect(nats.has('@nats-io/transport-node')).toBe(true);
    expect(nats.has('amqplib')).toBe(false);
  }, 60_000);
});
