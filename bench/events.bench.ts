import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { DomainEvent } from '../src/domain/events.js';
import type { DestinationConfig } from '../src/infrastructure/config/events.schema.js';
import { DestinationRelay } from '../src/infrastructure/events/destination-relay.js';
import type { EventDestination } from '../src/infrastructure/events/event-destination.js';
import type { EventEnvelope } from '../src/infrastructure/events/event-envelope.js';
import { buildDestinations } from '../src/infrastructure/events/destinations/index.js';
import { migrateToLatest, openDatabase, SqlOutboxLog, SqlUnitOfWork } from '../src/infrastructure/persistence/sql/index.js';
import type { BenchResult } from './result.js';

/** Events per destination: committed four at a time (a deal step's events), as the loop commits them. */
const EVENTS = Number(process.env.DEALBOT_BENCH_EVENTS ?? 4_000);
const PER_COMMIT = 4;
/** The lag phase: PACED events, one commit of PER_COMMIT every PACE_MS (200 events/s). */
const PACED = 400;
const PACE_MS = 20;
const SUITE = 'events';

const event = (i: number): DomainEvent => ({ type: 'OrderFilled', occurredAt: 1_700_000_000_000 + i, orderId: `dlb-d${i}-b1`, dealId: `d${i}`, symbol: 'BTC/USDT', side: 'buy', tradeId: `t${i}`, price: '64000.1', amount: '0.0015', fee: '0.0000015', feeCurrency: 'BTC', filled: '0.0015', complete: true });

const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

/** Wraps a destination to note when each sequence was confirmed. */
function timed(inner: EventDestination, confirmedAt: Map<number, number>): EventDestination {
  return {
    name: inner.name,
    async send(envelopes: readonly EventEnvelope[]) {
      await inner.send(envelopes);
      const at = performance.now();
      for (const envelope of envelopes) confirmedAt.set(envelope.sequence, at);
    },
    close: () => inner.close(),
  };
}

/**
 * One destination: EVENTS events committed to a SQLite outbox as fast as the store takes them
 * while its relay delivers them; events/s from the first commit to the last confirm, and the
 * lag of each event from its commit returning to the destination's confirm.
 */
async function measure(config: DestinationConfig, env: NodeJS.ProcessEnv, note: string): Promise<BenchResult[]> {
  const folder = mkdtempSync(join(tmpdir(), 'dealbot-bench-events-'));
  const database = await openDatabase(`sqlite:${join(folder, 'events.db')}`);
  try {
    await migrateToLatest(database);
    const uow = new SqlUnitOfWork(database);
    const log = new SqlOutboxLog(database.db);
    const [built] = await buildDestinations([config], env);
    const confirmedAt = new Map<number, number>();
    const relay = new DestinationRelay(timed(built!, confirmedAt), log, { botPrefix: 'bench-', batchSize: 100, retry: { initialMs: 50, maxMs: 1_000 } });
    await relay.start();
    // throughput: commits as fast as the store takes them, the relay catching up behind
    const committedAt = new Map<number, number>();
    const commit = async (from: number): Promise<void> => {
      await uow.run((r) => r.outbox.add(Array.from({ length: PER_COMMIT }, (_, k) => event(from + k))));
      const at = performance.now();
      const last = await log.last();
      for (let s = last - PER_COMMIT + 1; s <= last; s += 1) committedAt.set(s, at);
      relay.wake();
    };
    const start = performance.now();
    for (let i = 0; i < EVENTS; i += PER_COMMIT) await commit(i);
    const writeMs = performance.now() - start;
    while (confirmedAt.size < EVENTS) await new Promise((resolve) => setTimeout(resolve, 5));
    const end = Math.max(...confirmedAt.values());
    // lag: one commit every PACE_MS (a busy bot's rate), each event timed from its commit to its confirm
    committedAt.clear();
    confirmedAt.clear();
    for (let i = 0; i < PACED; i += PER_COMMIT) {
      await commit(EVENTS + i);
      await new Promise((resolve) => setTimeout(resolve, PACE_MS));
    }
    while (confirmedAt.size < PACED) await new Promise((resolve) => setTimeout(resolve, 5));
    await relay.stop(1_000);
    const lags = [...committedAt].map(([sequence, at]) => confirmedAt.get(sequence)! - at).sort((a, b) => a - b);
    const name = config.type;
    const rate = EVENTS / ((end - start) / 1000);
    return [
      { suite: SUITE, name: `${name}: events/s through the outbox`, value: Math.round(rate), unit: 'events/s', reference: { name: 'outbox commits alone', value: Math.round(EVENTS / (writeMs / 1000)) }, ratio: rate / (EVENTS / (writeMs / 1000)), note: `${EVENTS} events, ${PER_COMMIT} per commit, SQLite file; ${note}` },
      { suite: SUITE, name: `${name}: publish lag p50`, value: Number(percentile(lags, 50).toFixed(2)), unit: 'ms', note: `commit returned -> destination confirmed; ${PACED} events at ${(1000 * PER_COMMIT) / PACE_MS}/s` },
      { suite: SUITE, name: `${name}: publish lag p99`, value: Number(percentile(lags, 99).toFixed(2)), unit: 'ms', note: `commit returned -> destination confirmed; ${PACED} events at ${(1000 * PER_COMMIT) / PACE_MS}/s` },
    ];
  } finally {
    await database.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

/** The bench's JetStream stream claims dealbot.bench.>: removed so that it never overlaps another's. */
async function dropStream(url: string, stream: string): Promise<void> {
  const { connect } = await import('@nats-io/transport-node');
  const { jetstreamManager } = await import('@nats-io/jetstream');
  const nc = await connect({ servers: url });
  try {
    await (await jetstreamManager(nc)).streams.delete(stream).catch(() => false);
  } finally {
    await nc.close();
  }
}

export default async function eventsBench(): Promise<BenchResult[]> {
  const receiver = createServer((request, response) => {
    request.resume();
    request.on('end', () => response.writeHead(204).end());
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', () => resolve()));
  const folder = mkdtempSync(join(tmpdir(), 'dealbot-bench-eventlog-'));
  const env = {
    DEALBOT_RABBITMQ_URL: process.env.DEALBOT_BENCH_RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672',
    DEALBOT_NATS_URL: process.env.DEALBOT_BENCH_NATS_URL ?? 'nats://127.0.0.1:4222',
    DEALBOT_WEBHOOK_URL: `http://127.0.0.1:${(receiver.address() as { port: number }).port}/events`,
    DEALBOT_WEBHOOK_SECRET: 'bench-secret',
  };
  try {
    return [
      ...(await measure({ type: 'rabbitmq', urlEnv: 'DEALBOT_RABBITMQ_URL', exchange: 'dealbot.bench', timeoutMs: 10_000 }, env, 'local RabbitMQ, publisher confirms')),
      ...(await measure({ type: 'nats', urlEnv: 'DEALBOT_NATS_URL', stream: 'DEALBOT_BENCH', subjects: ['dealbot.bench.>'], timeoutMs: 10_000 }, env, 'local NATS JetStream, one PubAck per event')),
      ...(await measure({ type: 'webhook', urlEnv: 'DEALBOT_WEBHOOK_URL', secretEnv: 'DEALBOT_WEBHOOK_SECRET', format: 'json', timeoutMs: 10_000 }, env, 'local HTTP receiver, one signed POST per event')),
      ...(await measure({ type: 'log', path: join(folder, 'events.jsonl') }, env, 'JSON lines file, datasync per batch')),
    ];
  } finally {
    await dropStream(env.DEALBOT_NATS_URL, 'DEALBOT_BENCH');
    receiver.close();
    rmSync(folder, { recursive: true, force: true });
  }
}
