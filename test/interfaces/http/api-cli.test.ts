import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../support/cli.js';

const TSX = import.meta.resolve('tsx');
const dir = mkdtempSync(join(tmpdir(), 'dealbot-api-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `dealbot ARGS` from the sources in a folder without a .env; `onLine` sees stdout as it comes. */
function dealbot(args: readonly string[], env: Record<string, string | undefined>, onLine?: (stdout: string) => void | Promise<void>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const environment = { ...process.env, ...env };
    for (const [name, value] of Object.entries(env)) if (value === undefined) delete environment[name];
    const child = spawn(process.execPath, ['--import', TSX, join(ROOT, 'src/main.ts'), ...args], { cwd: dir, env: environment, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      void onLine?.(stdout);
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const CONFIG = join(ROOT, 'config/default.yaml');

describe('dealbot run --api', () => {
  it('refuses a bind beyond loopback without a token, in one line, exit 1', async () => {
    const run = await dealbot(['run', '-c', CONFIG, '--api', '--api-host', '0.0.0.0', '--api-port', '0', '--candles', '5'], { DEALBOT_API_TOKEN: undefined });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('dealbot: api: 0.0.0.0 is not a loopback address: set DEALBOT_API_TOKEN (environment or .env) before serving the API beyond this machine\n');
  }, 60_000);

  it('refuses a port over 65535 (exit 1) and a port that is not a number (usage, exit 2)', async () => {
    const high = await dealbot(['run', '-c', CONFIG, '--api', '--api-port', '70000'], {});
    expect(high.code).toBe(1);
    expect(high.stderr).toBe('dealbot: --api-port must be 0-65535, got 70000\n');
    const word = await dealbot(['run', '-c', CONFIG, '--api', '--api-port', 'eighty'], {});
    expect(word.code).toBe(2);
    expect(word.stderr).toMatch(/--api-port must be a whole number/);
  }, 60_000);

  it('names a port in use in one line, exit 1', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      const run = await dealbot(['run', '-c', CONFIG, '--api', '--api-port', String(port), '--candles', '5', '--database', 'sqlite::memory:'], { DEALBOT_API_TOKEN: 'x' });
      expect(run.code).toBe(1);
      expect(run.stderr).toBe(`dealbot: api: 127.0.0.1:${port} is in use: choose another port with --api-port or api.port\n`);
    } finally {
      taken.close();
    }
  }, 60_000);

  it('serves the API while it trades, prints the URL but never the token, and answers with it', async () => {
    const token = 'cli-test-token-5f2b9c';
    let status: number | null = null;
    let asked = false;
    const run = await dealbot(['run', '-c', CONFIG, '--api', '--api-port', '0', '--candles', '400', '--pace', '10', '--database', 'sqlite::memory:', '-q'], { DEALBOT_API_TOKEN: token }, async (stdout) => {
      const url = /REST API on (http:\/\/127\.0\.0\.1:\d+)\/api\/v1/.exec(stdout)?.[1];
      if (url === undefined || asked) return;
      asked = true;
      status = (await fetch(`${url}/api/v1/status`, { headers: { authorization: `Bearer ${token}` } })).status;
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^dealbot: REST API on http:\/\/127\.0\.0\.1:\d+\/api\/v1 \(docs at .*\/docs, dashboard at .*\/\)$/m);
    expect(status).toBe(200);
    expect(run.stdout + run.stderr).not.toContain(token);
  }, 60_000);
});
