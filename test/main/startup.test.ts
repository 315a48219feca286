import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * Start-up stays fast because main.ts and the command modules import what a command needs
 * when it runs (docs/architecture.md, "Lazy loading"). These run the CLI as the other CLI tests
 * do (`node --import tsx src/main.ts`) with a recorder of every module loaded, and name the
 * packages that must not be among them.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const MAIN = join(ROOT, 'src/main.ts');
const RECORDER = join(ROOT, 'test/support/module-recorder.mjs');
const EXAMPLE = join(ROOT, 'config/backtest.example.yaml');
const SOURCES = pathToFileURL(join(ROOT, 'src')).href;
/** Exchange library, SQL builder and drivers, logger, chart bundle, web server: none is needed to print help. */
const HEAVY = ['ccxt', 'kysely', 'better-sqlite3', 'pg', 'pino', 'lightweight-charts', 'fastify'];

const logs = mkdtempSync(join(tmpdir(), 'dealbot-startup-'));
afterAll(() => rmSync(logs, { recursive: true, force: true }));
let runs = 0;

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** The packages the process loaded, by name. */
  readonly packages: ReadonlySet<string>;
  /** Our own modules it loaded (src/), by path. */
  readonly ours: readonly string[];
}

/**
 * The most of our own modules a help text may load: main.ts, program.ts, the declarations
 * (local-commands.ts, steering-commands.ts, events.command.ts), the option parsers (cli-options.ts,
 * event-types.ts, the --api-url parser of api-target.ts) and the small modules the help texts
 * name constants of (deal statuses, resolutions, event types, the candle folder, the fee limit,
 * the token variable, the local config's name). 19 when measured; 44 before the command modules
 * were imported by their actions. A module imported at the top of a declaration adds to it.
 */
const MOST_MODULES_FOR_HELP = 19;

/** `dealbot <args>`, returning the packages (under node_modules/) it loaded. */
function dealbot(args: readonly string[]): Promise<Run> {
  const log = join(logs, `run-${++runs}.txt`);
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--import', RECORDER, MAIN, ...args], { cwd: ROOT, env: { ...process.env, DEALBOT_MODULE_LOG: log }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', fail);
    child.on('close', (code) => {
      const lines = readFileSync(log, 'utf8').split('\n');
      const packages = new Set(lines.flatMap((line) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(line)?.[1] ?? []));
      const ours = [...new Set(lines.filter((line) => line.startsWith(SOURCES)).map((line) => line.slice(SOURCES.length + 1)))].sort();
      done({ code, stdout, stderr, packages, ours });
    });
  });
}

const heavyIn = (run: Run): string[] => HEAVY.filter((name) => run.packages.has(name));

describe('start-up: each command loads only what it uses', () => {
  it.each([[['--help']], [['backtest', '--help']]])('dealbot %j prints its help without loading ccxt, kysely, the database drivers, pino or the chart bundle', async (args) => {
    const run = await dealbot(args);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: dealbot/);
    expect(run.packages.has('commander')).toBe(true); // the recorder saw the run
    expect(heavyIn(run)).toEqual([]);
    expect(run.packages.has('zod')).toBe(false);
  }, 60_000);

  it.each([[['--help']], [['backtest', '--help']], [['deals', 'list', '--help']], [['events', 'tail', '--help']], [['help', 'reconcile']]])(
    `dealbot %j loads at most ${MOST_MODULES_FOR_HELP} of our modules: the commands' declarations, not the modules that run them`,
    async (args) => {
      const run = await dealbot(args);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^Usage: dealbot/);
      expect(run.ours).toContain('interfaces/cli/program.ts'); // the recorder saw our modules
      expect(run.ours.length, `our modules loaded:\n${run.ours.join('\n')}`).toBeLessThanOrEqual(MOST_MODULES_FOR_HELP);
      for (const action of ['backtest.command.ts', 'run.command.ts', 'deals.command.ts', 'api-command.ts', 'cli-errors.ts', 'events-tail.ts']) expect(run.ours).not.toContain(`interfaces/cli/${action}`);
    },
    60_000,
  );

  it('a command loads the module that runs it when it runs: the count above sees a module loaded', async () => {
    const run = await dealbot(['deals', 'list', '--status', 'bogus']);
    expect(run.code).toBe(2);
    expect(run.ours).not.toContain('interfaces/cli/deals.command.ts'); // refused while parsing: nothing ran
    const listed = await dealbot(['deals', 'list', '--database', 'sqlite::memory:']);
    expect(listed.ours).toEqual(expect.arrayContaining(['interfaces/cli/deals.command.ts', 'interfaces/cli/cli-errors.ts']));
    expect(listed.ours.length).toBeGreaterThan(MOST_MODULES_FOR_HELP);
  }, 60_000);

  it('config check loads the config schema (zod, yaml) and still none of the heavy packages', async () => {
    const run = await dealbot(['config', 'check', '-c', EXAMPLE]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/: OK, paper mode, 2 pairs/);
    expect([...run.packages].filter((name) => name === 'zod' || name === 'yaml').sort()).toEqual(['yaml', 'zod']);
    expect(heavyIn(run)).toEqual([]);
  }, 60_000);

  it('a command that opens a SQLite database loads kysely and better-sqlite3, not pg: the recorder sees what it guards against', async () => {
    const run = await dealbot(['deals', 'list', '--database', 'sqlite::memory:']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^dealbot: sqlite::memory: holds no dealbot tables/);
    expect(heavyIn(run)).toEqual(expect.arrayContaining(['kysely', 'better-sqlite3']));
    expect(heavyIn(run)).not.toContain('pg');
  }, 60_000);
});
