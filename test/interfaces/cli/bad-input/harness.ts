import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Candle } from '../../../../src/domain/shared/candle.js';

/**
 * The bad-input table: each case runs the real CLI (`node --import tsx src/main.ts ...`) in a
 * fresh temporary working folder and must end with the exit code given, exactly one line on
 * stderr matching `says`, no stack trace, and the working folder byte for byte as before.
 */

export const ROOT = resolve(import.meta.dirname, '../../../..');
const MAIN = join(ROOT, 'src/main.ts');
const TSX = import.meta.resolve('tsx');
export const DEFAULT_YAML = readFileSync(join(ROOT, 'config/default.yaml'), 'utf8');
/** CLI processes at once, across all table files: the machine is shared. */
const CONCURRENCY = 2;
/** Root cannot be refused a write by file modes, so permission cases run as this user (nobody). */
const UNPRIVILEGED = 65534;
export const isRoot = process.getuid?.() === 0;

export interface BadCase {
  readonly name: string;
  /** Arguments after `dealbot`; relative paths are inside the working folder. */
  readonly args: readonly string[];
  /** Files to create in the working folder first (path -> content). */
  readonly files?: Readonly<Record<string, string | Buffer>>;
  /** More preparation in the working folder (databases, candle stores, modes). */
  readonly setup?: (dir: string) => void | Promise<void>;
  /** Undone after the case, e.g. unmounting. */
  readonly teardown?: (dir: string) => void;
  readonly env?: Readonly<Record<string, string>>;
  /** Run without write permission on the working folder (as `nobody` when the tests run as root). */
  readonly readOnlyDir?: boolean;
  /** Why this case cannot run here, or undefined. */
  readonly skip?: string;
  readonly code: 1 | 2;
  /** The one stderr line must match this (it names the field, file or line). */
  readonly says: RegExp;
}

export interface Outcome {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly before: string;
  readonly after: string;
}

/** Every file and folder under `dir`: path, type, mode and content hash, one per line. */
export function fingerprint(dir: string): string {
  const lines: string[] = [];
  const walk = (path: string, rel: string): void => {
    const stat = lstatSync(path);
    const mode = (stat.mode & 0o7777).toString(8);
    if (stat.isSymbolicLink()) lines.push(`${rel} link ${readlinkSync(path)}`);
    else if (stat.isDirectory()) {
      lines.push(`${rel}/ dir ${mode}`);
      for (const name of readdirSync(path).sort()) walk(join(path, name), `${rel}/${name}`);
    } else lines.push(`${rel} file ${mode} ${createHash('sha256').update(readFileSync(path)).digest('hex')}`);
  };
  walk(dir, '.');
  return lines.join('\n');
}

/** A clean environment: no DATABASE_URL, no dealbot variables, no CI switches inherited. */
function environment(extra: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!/^(DATABASE_URL|DEALBOT_|NODE_OPTIONS|VITEST)/.test(key)) env[key] = value;
  return { ...env, ...extra };
}

export async function runCase(c: BadCase): Promise<Outcome> {
  const dir = mkdtempSync(join(tmpdir(), 'dealbot-bad-'));
  try {
    for (const [path, content] of Object.entries(c.files ?? {})) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
    await c.setup?.(dir);
    const asNobody = c.readOnlyDir === true && isRoot;
    if (c.readOnlyDir) chmodSync(dir, 0o555);
    const before = fingerprint(dir);
    const run = await dealbot(c.args, dir, environment(c.env), asNobody);
    const after = fingerprint(dir);
    return { ...run, before, after };
  } finally {
    c.teardown?.(dir);
    chmodSync(dir, 0o755);
    rmSync(dir, { recursive: true, force: true });
  }
}

export function dealbot(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv, asNobody = false): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', TSX, MAIN, ...args], {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(asNobody && { uid: UNPRIVILEGED, gid: UNPRIVILEGED }),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

/** One machine-wide slot of CONCURRENCY, shared by the table files vitest runs in parallel. */
const SLOTS = join(tmpdir(), 'dealbot-bad-input-slots');

async function acquireSlot(): Promise<() => void> {
  mkdirSync(SLOTS, { recursive: true });
  for (;;) {
    for (let i = 0; i < CONCURRENCY; i += 1) {
      const slot = join(SLOTS, String(i));
      try {
        mkdirSync(slot);
        writeFileSync(join(slot, 'pid'), String(process.pid));
        return () => rmSync(slot, { recursive: true, force: true });
      } catch {
        if (abandoned(slot)) rmSync(slot, { recursive: true, force: true });
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A slot whose holder died (a killed test run) is taken over. */
function abandoned(slot: string): boolean {
  try {
    const pid = Number(readFileSync(join(slot, 'pid'), 'utf8'));
    process.kill(pid, 0);
    return false;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ESRCH') return true;
    if (code !== 'ENOENT') return false;
    // no pid written yet: fresh unless it has been so for a minute
    try {
      return Date.now() - lstatSync(slot).mtimeMs > 60_000;
    } catch {
      return false;
    }
  }
}

/** Runs the cases CONCURRENCY at a time (machine-wide), in order; each `it` waits for its own. */
function pool(cases: readonly BadCase[]): Map<string, Promise<Outcome>> {
  const results = new Map<string, Promise<Outcome>>();
  const settle = new Map<string, { resolve: (o: Outcome) => void; reject: (e: unknown) => void }>();
  for (const c of cases) results.set(c.name, new Promise((res, rej) => settle.set(c.name, { resolve: res, reject: rej })));
  const queue = cases.filter((c) => c.skip === undefined);
  const worker = async (): Promise<void> => {
    for (let c = queue.shift(); c !== undefined; c = queue.shift()) {
      const handle = settle.get(c.name);
      const release = await acquireSlot();
      await runCase(c)
        .then(handle?.resolve, handle?.reject)
        .finally(release);
    }
  };
  for (let i = 0; i < CONCURRENCY; i += 1) void worker();
  return results;
}

/** One `it` per case, named `<code> <name>`. */
export function badInputTable(title: string, cases: readonly BadCase[]): void {
  const names = new Set(cases.map((c) => c.name));
  if (names.size !== cases.length) throw new Error(`${title}: case names must be unique`);
  describe(title, () => {
    let results = new Map<string, Promise<Outcome>>();
    beforeAll(() => {
      results = pool(cases);
    });
    afterAll(async () => {
      await Promise.allSettled([...results.values()]);
    });
    for (const c of cases) {
      it.skipIf(c.skip !== undefined)(`${c.code}: ${c.name}${c.skip ? ` (skipped: ${c.skip})` : ''}`, async () => {
        const run = await (results.get(c.name) as Promise<Outcome>);
        const context = `dealbot ${c.args.join(' ')}\nstderr: ${run.stderr}`;
        expect(run.stderr, context).not.toMatch(/^ {4}at /m);
        expect(run.stderr.endsWith('\n') && run.stderr.indexOf('\n') === run.stderr.length - 1, `exactly one line on stderr\n${context}`).toBe(true);
        expect(run.stderr.trimEnd(), context).toMatch(c.says);
        expect(run.code, context).toBe(c.code);
        expect(run.after, `the working folder changed\n${context}`).toBe(run.before);
      }, 120_000);
    }
  });
}

/** The default config with `edit` applied; fails the test if the edit changed nothing. */
export function configWith(edit: (text: string) => string): string {
  const text = edit(DEFAULT_YAML);
  if (text === DEFAULT_YAML) throw new Error('configWith: the edit changed nothing');
  return text;
}

/** A minimal valid config trading one pair on stored candles. */
export function storedConfig(extra = ''): string {
  return [
    'database: "sqlite::memory:"',
    'market: { source: stored }',
    'windowSize: 50',
    'timeframe: 5m',
    'pairs:',
    '  - { symbol: ETH/BTC, dealQuota: "0.01", profitMarkup: "0.01", dealCount: 1, orderLifeTime: 600,',
    '      paperMarket: { priceStep: "0.000001", amountStep: "0.001", minAmount: "0.001", minCost: "0.0001" } }',
    extra,
  ].join('\n');
}

/** `count` plausible candles from 2024-01-01 on the timeframe's grid. */
export function candleRows(count: number, stepMs = 300_000, start = Date.UTC(2024, 0, 1)): number[][] {
  return Array.from({ length: count }, (_, i) => {
    const close = 0.05 + 0.001 * Math.sin(i / 5);
    return [start + i * stepMs, close, close * 1.002, close * 0.998, close, 10 + i];
  });
}

/** Stores candles in `dir`/data/candles the way `dealbot data import` does (the real store). */
export async function storeCandles(dir: string, symbol = 'ETH/BTC', timeframe = '5m', count = 200): Promise<void> {
  const { CandleStore } = await import('../../../../src/infrastructure/market-data/candle-store/candle-store.js');
  const candles: Candle[] = candleRows(count).map(([openTime = 0, open = 0, high = 0, low = 0, close = 0, volume = 0]) => ({ openTime, open, high, low, close, volume }));
  await new CandleStore(join(dir, 'data/candles')).write(symbol, timeframe, candles);
}
