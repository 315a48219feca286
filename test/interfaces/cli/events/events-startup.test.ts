import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { botFolder, cleanEnv, sampleEvents } from './events-fixture.js';

/**
 * `dealbot events` loads what it runs (docs/architecture.md, "Lazy loading"): its help loads no
 * database driver, broker client or zod; the outbox tail loads no broker client. The module
 * recorder of test/main/startup.test.ts lists the packages a process loaded.
 */
const ROOT = resolve(import.meta.dirname, '../../../..');
const RECORDER = join(ROOT, 'test/support/module-recorder.mjs');
const BROKERS = ['amqplib', '@nats-io/transport-node', '@nats-io/jetstream', '@nats-io/nats-core'];
const logs = mkdtempSync(join(tmpdir(), 'dealbot-events-startup-'));
const folders: string[] = [];
afterAll(() => [logs, ...folders].forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function packagesLoaded(args: readonly string[], cwd: string): Promise<{ code: number | null; packages: Set<string> }> {
  const log = join(logs, `${args.join('_').replace(/\W/g, '')}.txt`);
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), '--import', RECORDER, join(ROOT, 'src/main.ts'), ...args], { cwd, env: { ...cleanEnv(), DEALBOT_MODULE_LOG: log }, stdio: 'ignore' });
    child.on('error', fail);
    child.on('close', (code) => {
      if (!existsSync(log)) return fail(new Error(`dealbot ${args.join(' ')} ended (${code}) before loading a module`));
      const packages = new Set(readFileSync(log, 'utf8').split('\n').flatMap((line) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(line)?.[1] ?? []));
      done({ code, packages });
    });
  });
}

describe('dealbot events: start-up', () => {
  it.each([[['events', '--help']], [['events', 'tail', '--help']], [['events', 'replay', '--help']]])('%j loads no database driver, broker client or zod', async (args) => {
    const run = await packagesLoaded(args, ROOT);
    expect(run.code).toBe(0);
    expect(run.packages.has('commander')).toBe(true);
    expect([...run.packages].filter((name) => [...BROKERS, 'kysely', 'better-sqlite3', 'pg', 'zod'].includes(name))).toEqual([]);
  }, 60_000);

  it('tailing the outbox loads the SQLite driver and no broker client', async () => {
    const dir = await botFolder(sampleEvents(1));
    folders.push(dir);
    const run = await packagesLoaded(['events', 'tail'], dir);
    expect(run.code).toBe(0);
    expect(run.packages.has('better-sqlite3')).toBe(true);
    expect([...run.packages].filter((name) => BROKERS.includes(name))).toEqual([]);
  }, 60_000);
});
