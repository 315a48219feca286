import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dealbotOutput, EXAMPLE_BACKTEST_CONFIG, ROOT } from '../support/cli.js';
import { marketDataPath } from '../support/market-data.js';
import { optimizeFixture } from '../support/optimize-fixture.js';

/**
 * `dealbot` as installed runs bundle/main.js (package.json "bin"), which scripts/bundle.mjs
 * builds from src/main.ts; the other CLI tests run the sources. These build the bundle and run
 * it the way npm's link does, as an executable whose first line names the interpreter, and
 * check it says what the sources say.
 */
const BIN = join(ROOT, 'bundle', 'main.js');
const work = mkdtempSync(join(tmpdir(), 'dealbot-bundle-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

beforeAll(() => {
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'bundle.mjs')], { cwd: ROOT, stdio: 'pipe' });
}, 60_000);

/** The installed command: bundle/main.js executed directly (no `node` in front). */
function bin(args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(BIN, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (run.error) throw run.error;
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('the bundled command', () => {
  it('prints the same help as the sources', () => {
    expect(existsSync(BIN)).toBe(true);
    for (const args of [['--help'], ['backtest', '--help'], ['events', 'tail', '--help']]) {
      const run = bin(args);
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout).toBe(dealbotOutput(args));
    }
  });

  it('backtests the example config to the same report as the sources, HTML with its chart library', () => {
    const dataDir = join(work, 'candles');
    for (const file of ['ETH_BTC-5m.json', 'ADA_BTC-5m.json']) expect(bin(['data', 'import', marketDataPath(file), '--data-dir', dataDir]).status).toBe(0);
    const args = ['backtest', '-c', EXAMPLE_BACKTEST_CONFIG, '--data-dir', dataDir, '--no-progress'];
    const fromBundle = bin([...args, '--json']);
    expect(fromBundle.status, fromBundle.stderr).toBe(0);
    expect(JSON.parse(fromBundle.stdout)).toEqual(JSON.parse(dealbotOutput([...args, '--json'])));
    const html = join(work, 'report.html');
    expect(bin([...args, '--html', html]).status).toBe(0);
    // the chart library is read from node_modules beside the bundle and inlined into the page
    expect(readFileSync(html, 'utf8')).toContain('LightweightCharts');
  });

  it('runs optimize on worker threads (bundle/main/optimize-worker.js), with the study the sources give', async () => {
    const fixture = await optimizeFixture({ pairs: 1, candles: 2000 });
    const args = ['optimize', '-c', fixture.config, '--data-dir', fixture.dataDir, '--database', `sqlite:${join(fixture.dir, 'studies.db')}`, '--workers', '2', '--json'];
    const fromBundle = bin([...args, '--study', 'bundle']);
    expect(fromBundle.status, fromBundle.stderr).toBe(0);
    expect(existsSync(join(ROOT, 'bundle', 'main', 'optimize-worker.js'))).toBe(true);
    // the same study but for its id
    expect({ ...JSON.parse(fromBundle.stdout), study: 'sources' }).toEqual(JSON.parse(dealbotOutput([...args, '--study', 'sources'])));
  }, 60_000);

  it("carries zod's English messages and none of its other translations", () => {
    const chunks = readdirSync(join(ROOT, 'bundle', 'chunks')).filter((name) => name.endsWith('.js'));
    const text = chunks.map((name) => readFileSync(join(ROOT, 'bundle', 'chunks', name), 'utf8')).join('\n');
    expect(text).toContain('Invalid input: expected');
    // zod's French and German messages (locales/fr.js, locales/de.js), as esbuild writes them (ASCII, escaped)
    expect(text).not.toMatch(/Entr(é|\\xE9)e invalide/);
    expect(text).not.toMatch(/Ung(ü|\\xFC)ltige Eingabe/);
  });

  it('reports bad input in one line with the same exit codes', () => {
    const usage = bin(['backtest', '--from', 'yesterday']);
    expect(usage.status).toBe(2);
    const missing = bin(['backtest', '-c', join(work, 'missing.yaml')]);
    expect(missing.status).toBe(1);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toContain('missing.yaml: cannot read the config file');
  });

  it('serves the REST API with its schemas (zod inside the bundle is the one the API validates and documents with)', async () => {
    const token = 'bundle-test-token-7c1d';
    const seen: { status?: number; openapi?: { paths?: Record<string, unknown> }; refused?: { status: number; body: { details?: { field: string }[] } } } = {};
    const code = await new Promise<number | null>((done, fail) => {
      const args = ['run', '-c', join(ROOT, 'config/default.yaml'), '--api', '--api-port', '0', '--candles', '400', '--pace', '10', '--database', 'sqlite::memory:', '-q'];
      const child = spawn(BIN, args, { cwd: work, env: { ...process.env, DEALBOT_API_TOKEN: token }, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let asked = false;
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const url = /REST API on (http:\/\/127\.0\.0\.1:\d+\/api\/v1)/.exec(stdout)?.[1];
        if (url === undefined || asked) return;
        asked = true;
        const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
        void (async () => {
          seen.status = (await fetch(`${url}/status`, { headers })).status;
          seen.openapi = (await (await fetch(`${url}/openapi.json`, { headers })).json()) as typeof seen.openapi;
          const refused = await fetch(`${url}/trading/open_deal`, { method: 'POST', headers, body: JSON.stringify({ pair: 'BTC/USDT', price: 'abc' }) });
          seen.refused = { status: refused.status, body: (await refused.json()) as { details?: { field: string }[] } };
        })().catch(fail);
      });
      child.on('error', fail);
      child.on('close', done);
    });
    expect(code).toBe(0);
    expect(seen.status).toBe(200);
    expect(Object.keys(seen.openapi?.paths ?? {})).toContain('/api/v1/trading/open_deal');
    expect(seen.refused?.status).toBe(400);
    expect(seen.refused?.body.details?.map((d) => d.field)).toEqual(['price']);
  }, 60_000);
});
