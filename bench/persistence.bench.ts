import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import pg from 'pg';
import { Deal } from '../src/domain/deal/deal.entity.js';
import { Order } from '../src/domain/order/order.entity.js';
import { dec } from '../src/domain/shared/decimal.js';
import { migrateToLatest, openDatabase, SqlUnitOfWork, type SqlDatabase } from '../src/infrastructure/persistence/sql/index.js';
import type { BenchResult } from './result.js';

const DEALS = 300;
const WARM_UP_DEALS = 30;
const LANES = 8;
const ROUNDS = 3;
const POSTGRES_URL = process.env.DEALBOT_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * One deal's life as the trading loop commits it: six state changes, each saved with its
 * events in its own transaction (open, buy accepted, buy filled, sell placed, sell accepted,
 * sell filled and deal closed).
 */
function lifecycle(id: string, t: number): Array<(deal: Deal | null) => Deal> {
  const order = (leg: string, side: 'buy' | 'sell', price: string, at: number) =>
    Order.create({ clientOrderId: `dlb-${id}-${leg}`, dealId: id, symbol: 'BTC/USDT', side, type: 'limit', price: dec(price), amount: dec('0.0015'), createdAt: at });
  return [
    () => Deal.open(id, order('b1', 'buy', '64000.1', t), t),
    (d) => (d!.buyOrder.accept(`x-${id}-b`, t + 1), d!),
    (d) => (d!.buyOrder.applyFill({ tradeId: `${id}-t1`, price: dec('64000.1'), amount: dec('0.0015'), fee: dec('0.09600015'), timestamp: t + 2 }, t + 2), d!),
    (d) => (d!.markBought(order('s1', 'sell', '64640.11', t + 3), t + 3), d!),
    (d) => (d!.sellOrder!.accept(`x-${id}-s`, t + 4), d!),
    (d) => {
      d!.sellOrder!.applyFill({ tradeId: `${id}-t2`, price: dec('64640.11'), amount: dec('0.0015'), fee: dec('0.09696017'), timestamp: t + 5 }, t + 5);
      d!.close(t + 5);
      return d!;
    },
  ];
}

async function runLane(uow: SqlUnitOfWork, prefix: string, deals: number, latencies: number[]): Promise<void> {
  for (let i = 0; i < deals; i++) {
    let deal: Deal | null = null;
    for (const step of lifecycle(`${prefix}${i}`, i * 10)) {
      deal = step(deal);
      const changed = deal;
      const start = performance.now();
      await uow.run(async (r) => {
        await r.deals.save(changed);
        await r.outbox.add(changed.pullEvents());
      });
      latencies.push(performance.now() - start);
    }
  }
}

/** Median changes per second over ROUNDS rounds of `lanes` concurrent loops, after a warm-up. */
async function measure(database: SqlDatabase, name: string, lanes: number, note: string): Promise<BenchResult> {
  const uow = new SqlUnitOfWork(database);
  await runLane(uow, 'warm-', WARM_UP_DEALS, []);
  const latencies: number[] = [];
  const rates: number[] = [];
  const perLane = Math.ceil(DEALS / lanes);
  const changes = perLane * lanes * 6;
  for (let round = 0; round < ROUNDS; round++) {
    const start = performance.now();
    await Promise.all(Array.from({ length: lanes }, (_, k) => runLane(uow, `r${round}-l${k}-`, perLane, latencies)));
    rates.push(changes / ((performance.now() - start) / 1000));
  }
  rates.sort((a, b) => a - b);
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!.toFixed(2);
  const range = `${Math.round(rates[0]!)}-${Math.round(rates.at(-1)!)}`;
  return {
    suite: 'persistence',
    name,
    value: rates[Math.floor(rates.length / 2)]!,
    unit: 'changes/s',
    note: `median of ${ROUNDS} rounds (${range}) of ${changes} commits, ${lanes} loop(s), each saving a deal, its orders, fills and outbox rows; commit p50 ${at(0.5)} ms, p99 ${at(0.99)} ms; ${note}`,
  };
}

async function sqliteResults(): Promise<BenchResult[]> {
  const folder = mkdtempSync(join(tmpdir(), 'dealbot-bench-'));
  try {
    const results: BenchResult[] = [];
    for (const synchronous of ['FULL', 'NORMAL'] as const) {
      const database = await openDatabase(`sqlite:${join(folder, `bench-${synchronous}.db`)}`);
      try {
        await migrateToLatest(database);
        if (synchronous === 'NORMAL') await sql`pragma synchronous = NORMAL`.execute(database.db);
        const label = synchronous === 'FULL' ? 'the default: every commit fsynced' : 'for comparison only: not what dealbot uses (a power cut may lose the last commits)';
        results.push(await measure(database, `SQLite file, WAL, synchronous=${synchronous}`, 1, label));
      } finally {
        await database.close();
      }
    }
    return results;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

async function postgresResults(): Promise<BenchResult[]> {
  const schema = `dealbot_bench_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 3_000 });
  admin.on('error', () => {});
  try {
    await admin.connect();
    await admin.query(`create schema ${schema}`);
  } catch (error) {
    await admin.end().catch(() => {});
    const reason = error instanceof Error ? error.message : String(error);
    return [{ suite: 'persistence', name: 'PostgreSQL', value: Number.NaN, unit: 'changes/s', note: `not measured: PostgreSQL unreachable (${reason})` }];
  }
  try {
    const database = await openDatabase(POSTGRES_URL, { schema, poolSize: LANES });
    try {
      await migrateToLatest(database);
      return [
        await measure(database, 'PostgreSQL, 1 loop', 1, 'local server over TCP'),
        await measure(database, `PostgreSQL, ${LANES} concurrent loops`, LANES, `pool of ${LANES} connections`),
      ];
    } finally {
      await database.close();
    }
  } finally {
    await admin.query(`drop schema if exists ${schema} cascade`).catch(() => {});
    await admin.end();
  }
}

export default async function persistenceBench(): Promise<BenchResult[]> {
  return [...(await sqliteResults()), ...(await postgresResults())];
}
