import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DomainEvent } from '../../../../src/domain/events.js';
import { migrateToLatest, openDatabase, SqlUnitOfWork } from '../../../../src/infrastructure/persistence/sql/index.js';
import { DEFAULT_YAML, ROOT } from '../bad-input/harness.js';

const MAIN = join(ROOT, 'src/main.ts');
const TSX = import.meta.resolve('tsx');
export const T0 = Date.UTC(2026, 11, 1, 8, 0, 0);
const MINUTE = 60_000;

/** Deal events of `n` deals on ETH/USDT and BTC/USDT, a minute apart, plus an operator action: 4n + 1 events. */
export function sampleEvents(n: number): DomainEvent[] {
  const events: DomainEvent[] = [];
  let at = T0;
  const next = (): number => (at += MINUTE);
  for (let i = 1; i <= n; i += 1) {
    const symbol = i % 2 === 0 ? 'BTC/USDT' : 'ETH/USDT';
    const dealId = `d${i}`;
    events.push({ type: 'DealOpened', occurredAt: next(), dealId, symbol, buyOrderId: `dlb-${dealId}-b1`, price: `${2000 + i}.5`, amount: '0.01' });
    events.push({ type: 'OrderFilled', occurredAt: next(), orderId: `dlb-${dealId}-b1`, dealId, symbol, side: 'buy', tradeId: `t${i}`, price: `${2000 + i}.5`, amount: '0.01', fee: '0.00001', feeCurrency: 'ETH', filled: '0.01', complete: true });
    events.push({ type: 'DealBought', occurredAt: next(), dealId, symbol, amount: '0.00999', averagePrice: `${2000 + i}.5`, sellOrderId: `dlb-${dealId}-s1` });
    events.push({ type: 'DealClosed', occurredAt: next(), dealId, symbol, pnl: `0.${i}`, fees: '0.04', reason: 'take profit' });
  }
  events.push({ type: 'OperatorActed', occurredAt: next(), action: 'pause', parameters: { pair: 'ETH/USDT' }, status: 200, outcome: 'paused ETH/USDT', idempotencyKey: null });
  return events;
}

/** A working folder with `dealbot.yaml` (database sqlite:./bot.db, `extraYaml` appended) and, when `events` are given, the database holding them. */
export async function botFolder(events: readonly DomainEvent[] | null, extraYaml = ''): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'dealbot-events-'));
  writeFileSync(join(dir, 'dealbot.yaml'), `${DEFAULT_YAML.replace(/^database: .*$/m, 'database: "sqlite:./bot.db"')}\n${extraYaml}\n`);
  if (events !== null) await commitEvents(dir, events);
  return dir;
}

/** Commits `events` to the folder's database through the unit of work, one transaction per call, as the bot does. */
export async function commitEvents(dir: string, events: readonly DomainEvent[]): Promise<void> {
  const database = await openDatabase(`sqlite:${join(dir, 'bot.db')}`);
  try {
    await migrateToLatest(database);
    await new SqlUnitOfWork(database).run((r) => r.outbox.add(events));
  } finally {
    await database.close();
  }
}

/** The environment of a CLI run: no DATABASE_URL, dealbot variables or CI switches inherited, `extra` added. */
export function cleanEnv(extra: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!/^(DATABASE_URL|DEALBOT_|NODE_OPTIONS|VITEST)/.test(key)) env[key] = value;
  return { ...env, ...extra };
}

export interface RunningCli {
  readonly child: ChildProcessWithoutNullStreams;
  stdout(): string;
  stderr(): string;
  /** Resolves once stdout (or stderr) matches. */
  waitFor(pattern: RegExp, stream?: 'stdout' | 'stderr'): Promise<void>;
  /** The exit code. */
  readonly exited: Promise<number | null>;
}

/** `dealbot ARGS` in `cwd`, left running: for --follow and the broker tails. */
export function startDealbot(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): RunningCli {
  const child = spawn(process.execPath, ['--import', TSX, MAIN, ...args], { cwd, env });
  const out = { stdout: '', stderr: '' };
  const waiters: (() => void)[] = [];
  const wake = (): void => waiters.splice(0).forEach((w) => w());
  child.stdout.on('data', (chunk: Buffer) => ((out.stdout += chunk.toString()), wake()));
  child.stderr.on('data', (chunk: Buffer) => ((out.stderr += chunk.toString()), wake()));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => (resolve(code), wake())));
  let done = false;
  void exited.then(() => (done = true));
  return {
    child,
    stdout: () => out.stdout,
    stderr: () => out.stderr,
    exited,
    waitFor: async (pattern, stream = 'stdout') => {
      while (!pattern.test(out[stream])) {
        if (done) throw new Error(`dealbot ended before ${stream} matched ${pattern}\nstdout: ${out.stdout}\nstderr: ${out.stderr}`);
        await new Promise<void>((resolve) => waiters.push(resolve));
      }
    },
  };
}
