import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { knownMigrations } from '../../../src/infrastructure/persistence/sql/index.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const MAIN = join(ROOT, 'src/main.ts');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function dealbot(args: string[], opts: { killAfterLine?: RegExp } = {}): Promise<Run> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let signalled = false;
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (!signalled && opts.killAfterLine?.test(stdout)) {
        signalled = true;
        child.kill('SIGINT');
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

function badConfig(edit: (text: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), 'dealbot-cli-'));
  const path = join(dir, 'bad.yaml');
  writeFileSync(path, edit(readFileSync(join(ROOT, 'config/default.yaml'), 'utf8')));
  return path;
}

describe('dealbot CLI', () => {
  it('paper-trades the default config and prints a JSON summary that adds up', async () => {
    const run = await dealbot(['run', '--candles', '1500', '--pace', '0', '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout);
    expect(summary.stopped).toBe('end of feed');
    expect(summary.ticks).toBe(1500);
    expect(summary.pairs.map((p: { symbol: string }) => p.symbol)).toEqual(['BTC/USDT', 'ETH/USDT', 'SOL/USDT']);
    expect(summary.total.opened).toBeGreaterThan(0);
    for (const p of summary.pairs) expect(p.opened).toBe(p.closed + p.cancelled + p.working);
    const pnl = summary.pairs.reduce((s: number, p: { pnl: string }) => s + Number(p.pnl), 0);
    expect(Number(summary.total.pnl)).toBeCloseTo(pnl, 8);
  });

  it('prints one line per deal event and the summary tables', async () => {
    const run = await dealbot(['run', '--candles', '800', '--pace', '0']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d {2}[A-Z]+\/USDT +deal \w+ {2}opened: buy [\d.]+ @ [\d.]+$/m);
    expect(run.stdout).toContain('Feed ended after 800 candles per pair.');
    expect(run.stdout).toMatch(/^TOTAL +\d+/m);
    expect(run.stdout).toMatch(/^USDT +[\d.]+/m);
  });

  it('stops on Ctrl-C with the summary and exit 0', async () => {
    const run = await dealbot(['run', '--candles', '100000', '--pace', '2'], { killAfterLine: /opened: buy/ });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Stopped after \d+ candles per pair\./);
    expect(run.stdout).toMatch(/^TOTAL +\d+/m);
  });

  it('refuses a bad config before trading, with one line naming the field and the rule', async () => {
    const path = badConfig((t) => t.replace('dealCount: 2', 'dealCount: 0'));
    const run = await dealbot(['run', '--config', path, '--pace', '0']);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`dealbot: ${path}: pairs[0].dealCount: must be >= 1\n`);
  });

  it('refuses a missing config file and a bad option value', async () => {
    const missing = await dealbot(['run', '--config', '/nonexistent/dealbot.yaml']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe('dealbot: /nonexistent/dealbot.yaml: cannot read the config file: no such file or folder (ENOENT)\n');
    const option = await dealbot(['run', '--candles', 'many']);
    expect(option.code).toBe(2);
    expect(option.stderr).toContain('--candles must be a whole number');
  });

  it('checks a config', async () => {
    const run = await dealbot(['config', 'check']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('OK, paper mode, 3 pairs (BTC/USDT, ETH/USDT, SOL/USDT), 1m candles');
  });
});

describe('dealbot with a database file', () => {
  it('migrates, keeps the deals of a run, lists them, and refuses a corrupted file in one line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dealbot-db-'));
    const url = `sqlite:${join(dir, 'state.db')}`;
    const missing = await dealbot(['db', 'status', '--database', url]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/state\.db does not exist: no such file or folder/);
    const migrate = await dealbot(['db', 'migrate', '--database', url]);
    expect(migrate.stdout).toBe(`${url}: applied ${knownMigrations().join(', ')}\n`);
    const run = await dealbot(['run', '--candles', '600', '--pace', '0', '--json', '--database', url]);
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout);
    const listed = JSON.parse((await dealbot(['deals', 'list', '--json', '--database', url])).stdout) as { status: string }[];
    expect(listed).toHaveLength(summary.total.opened);
    expect(listed.filter((d) => d.status === 'closed')).toHaveLength(summary.total.closed);
    const table = await dealbot(['deals', 'list', '--status', 'closed', '--database', url]);
    expect(table.stdout.split('\n').filter((l) => /^\S+ +default +\S+ +closed /.test(l))).toHaveLength(summary.total.closed);

    writeFileSync(join(dir, 'broken.db'), 'not a database at all, just text that is long enough to fill a header');
    const broken = await dealbot(['db', 'migrate', '--database', `sqlite:${join(dir, 'broken.db')}`]);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toBe(`dealbot: sqlite:${join(dir, 'broken.db')} is not a SQLite database or is corrupted (its header is wrong)\n`);
  });

  it('never shows a database password', async () => {
    const run = await dealbot(['db', 'status', '--database', 'postgres://dealbot:s3cretPassw0rd@127.0.0.1:1/nowhere']);
    expect(run.code).toBe(1);
    expect(run.stderr).not.toContain('s3cretPassw0rd');
    expect(run.stderr).toContain('postgres://dealbot:***@127.0.0.1:1/nowhere');
  });
});
