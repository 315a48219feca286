import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { optimizeFixture } from './support/optimize-fixture.js';

// The tests run the TypeScript sources; `npm start`, `dealbot` and the benchmarks run what tsc
// compiles. A construct the compiler lowers differently must fail here: once, a private method
// naming its own class made tsc reach the class through an alias that a static field building
// an instance read before it was set, and only the compiled program broke.
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
// inside the project, so that the compiled files find node_modules as dist/ does
const OUT = join(ROOT, 'node_modules', '.cache', 'dealbot-compiled-test');

describe('the compiled program', () => {
  afterAll(() => rmSync(OUT, { recursive: true, force: true }));
  beforeAll(() => {
    rmSync(OUT, { recursive: true, force: true });
    execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', OUT, '--sourceMap', 'false'], { cwd: ROOT, stdio: 'pipe' });
  }, 120_000);

  it('compiles with the build settings and runs: help, and the default paper session, with the same summary as the sources give', () => {
    const help = execFileSync(process.execPath, [join(OUT, 'main.js'), '--help'], { cwd: ROOT, encoding: 'utf8' });
    expect(help).toMatch(/^Usage: dealbot/);
    const args = ['run', '--candles', '300', '--pace', '0', '--config', join(ROOT, 'config', 'default.yaml')];
    const compiled = execFileSync(process.execPath, [join(OUT, 'main.js'), ...args], { cwd: ROOT, encoding: 'utf8' });
    const sources = execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'main.ts'), ...args], { cwd: ROOT, encoding: 'utf8' });
    expect(compiled).toMatch(/^TOTAL +\d+ +\d+/m);
    expect(compiled).toMatch(/^USDT +[\d.]+ +[\d.]+ +[\d.]+$/m);
    const withoutIds = (text: string): string => text.replace(/deal [0-9a-z]+/g, 'deal #'); // deal ids carry a per-run tag
    expect(withoutIds(compiled)).toBe(withoutIds(sources));
  }, 120_000);

  it('runs optimize on worker threads from the compiled files (main/optimize-worker.js beside main.js), with the study the sources give', async () => {
    const fixture = await optimizeFixture({ pairs: 1, candles: 2000 });
    const args = ['optimize', '-c', fixture.config, '--data-dir', fixture.dataDir, '--database', `sqlite:${join(fixture.dir, 'studies.db')}`, '--workers', '2', '--json'];
    const compiled = JSON.parse(execFileSync(process.execPath, [join(OUT, 'main.js'), ...args, '--study', 'compiled'], { cwd: ROOT, encoding: 'utf8' }));
    const sources = JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'main.ts'), ...args, '--study', 'sources'], { cwd: ROOT, encoding: 'utf8' }));
    expect([compiled.study, sources.study]).toEqual(['compiled', 'sources']);
    delete compiled.study;
    delete sources.study;
    expect(compiled.trials.filter((t: { status: string }) => t.status === 'ok').length).toBeGreaterThan(0);
    expect(compiled).toEqual(sources);
  }, 120_000);
});
