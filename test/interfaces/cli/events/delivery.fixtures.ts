import { readFileSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import { parse } from 'yaml';
import { expect } from 'vitest';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect as natsConnect } from '@nats-io/transport-node';
import type { EventEnvelope, StoredEvent } from '../../../../src/infrastructure/events/event-envelope.js';
import { parseEventEnvelope } from '../../../../src/infrastructure/events/contract/index.js';
import { verifyWebhook } from '../../../../src/infrastructure/events/destinations/webhook-signature.js';
import { openDatabase, SqlOutboxLog } from '../../../../src/infrastructure/persistence/sql/index.js';
import { firstById, NATS_URL, RABBITMQ_URL, WebhookReceiver } from '../../../support/events/collectors.js';
import { ROOT } from '../../../support/realtime/bot-process.js';
import { writeSimConfig } from '../restart/restart.fixtures.js';

export const SECRET = 'e2e-webhook-secret-7f3a9c';

/** One test's names: its own bot prefix, RabbitMQ exchange and JetStream stream, so tests never share a subject. */
export function eventNames(): { prefix: string; exchange: string; stream: string; subject: string } {
  const tag = Math.random().toString(36).slice(2, 7);
  return { prefix: `e${tag}-`, exchange: `dealbot.events.e2e-${tag}`, stream: `DEALBOT_E2E_${tag.toUpperCase()}`, subject: `dealbot.e${tag}.>` };
}

/** The demo config on a SQLite file, three pairs, relaying to RabbitMQ, NATS and a webhook. */
export function writeEventsConfig(dir: string, database: string, names: ReturnType<typeof eventNames>): string {
  return writeSimConfig(dir, database, {
    botPrefix: names.prefix,
    pairs: defaultPairs().map((p) => ({ ...p, dealCount: 2, orderLifeTime: 300, profitMarkup: '0.002' })),
    events: {
      destinations: [
        { type: 'log' },
        { type: 'rabbitmq', exchange: names.exchange, timeoutMs: 2_000 },
        { type: 'nats', stream: names.stream, subjects: [names.subject], timeoutMs: 2_000 },
        { type: 'webhook', timeoutMs: 2_000 },
      ],
      retry: { initialMs: 100, maxMs: 2_000 },
    },
  });
}

/** The three pairs of the packaged default config, with their paper markets. */
function defaultPairs(): Record<string, unknown>[] {
  return (parse(readFileSync(join(ROOT, 'config/default.yaml'), 'utf8')) as { pairs: Record<string, unknown>[] }).pairs;
}

/** The environment a bot process reads its destinations' URLs and secret from. */
export function eventsEnv(webhook: WebhookReceiver, urls: { rabbitmq?: string; nats?: string } = {}): Record<string, string> {
  return { DEALBOT_RABBITMQ_URL: urls.rabbitmq ?? RABBITMQ_URL, DEALBOT_NATS_URL: urls.nats ?? NATS_URL, DEALBOT_WEBHOOK_URL: webhook.url, DEALBOT_WEBHOOK_SECRET: SECRET };
}

export function signedReceiver(): Promise<WebhookReceiver> {
  return WebhookReceiver.start((headers: IncomingHttpHeaders, body: string) => verifyWebhook(SECRET, headers as never, body, Math.floor(Date.now() / 1000)).ok);
}

/** Every event the run committed, in sequence order. */
export async function storedEvents(database: string): Promise<StoredEvent[]> {
  const db = await openDatabase(database, { readOnly: true });
  try {
    return await new SqlOutboxLog(db.db).after(0, 1_000_000);
  } finally {
    await db.close();
  }
}

/** Waits until every destination's cursor has reached the last committed event (the bot keeps trading meanwhile). */
export async function waitCaughtUp(database: string, destinations: readonly string[], timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const db = await openDatabase(database, { readOnly: true });
    try {
      const log = new SqlOutboxLog(db.db);
      const [last, cursors] = await Promise.all([log.last(), log.cursors()]);
      if (destinations.every((name) => cursors[name] === last)) return;
      if (Date.now() > deadline) throw new Error(`destinations not caught up after ${timeoutMs} ms: last ${last}, cursors ${JSON.stringify(cursors)}`);
    } finally {
      await db.close();
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * What a destination received, judged as a de-duplicating consumer would: every body is a valid
 * envelope; de-duplicated by id, exactly the committed events, in commit (sequence) order, so
 * in order per deal; a repeat only of an id it already had.
 */
export function expectDeliveredExactly(name: string, bodies: readonly unknown[], stored: readonly StoredEvent[]): { duplicates: number } {
  const envelopes: EventEnvelope[] = bodies.map((body) => parseEventEnvelope(body));
  const kept = firstById(envelopes);
  expect(kept.map((e) => e.id), `${name}: the committed events, each once, in commit order`).toEqual(stored.map((s) => s.eventId));
  expect(kept.map((e) => e.sequence), `${name}: sequences`).toEqual(stored.map((s) => s.sequence));
  // per deal: its events arrive in the order they were committed
  const byDeal = new Map<string, number[]>();
  for (const e of kept) if (e.dealId !== null) byDeal.set(e.dealId, [...(byDeal.get(e.dealId) ?? []), e.sequence]);
  for (const [deal, sequences] of byDeal) expect(sequences, `${name}: deal ${deal}`).toEqual([...sequences].sort((a, b) => a - b));
  return { duplicates: envelopes.length - kept.length };
}

export async function dropStream(stream: string): Promise<void> {
  const nc = await natsConnect({ servers: NATS_URL });
  try {
    await (await jetstreamManager(nc)).streams.delete(stream).catch(() => false);
  } finally {
    await nc.close();
  }
}
