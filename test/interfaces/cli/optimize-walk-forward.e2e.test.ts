import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../support/cli.js';
import { FIXTURE_OPTIMIZE, fixtureConfigText, optimizeFixture } from '../../support/optimize-fixture.js';

/** `dealbot ARGS` from the sources: exit code, stdout, stderr. */
function dealbot(args: readonly string[]): { code: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/main.ts'), ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('dealbot optimize with optimize.walkForward', () => {
  let fixture: Awaited<ReturnType<typeof optimizeFixture>>;
  const withWalkForward = (settings: string): string => {
    const config = join(fixture.dir, `wf-${settings.replace(/\W+/g, '-')}.yaml`);
    writeFileSync(config, fixtureConfigText(fixture.symbols, `${FIXTURE_OPTIMIZE}  walkForward: ${settings}\n`));
    return config;
  };
  beforeAll(async () => {
    fixture = await optimizeFixture({ pairs: 1, candles: 3000 });
  });

  it('runs the study, then each fold on its train part and its best settings on its test part; the same table with 1 and 2 workers', () => {
    const config = withWalkForward('{ folds: 3, trainShare: 0.7 }');
    const args = ['optimize', '-c', config, '--data-dir', fixture.dataDir];
    const json = dealbot([...args, '--workers', '1', '--json']);
    expect(json.code, json.stderr).toBe(0);
    const study = JSON.parse(json.stdout);
    // 2900 candles after the warm-up of 100: test parts of floor(2900 x 0.3 / 1.6) = 543, train parts of 2900 - 3 x 543 = 1271
    expect(study.walkForward.folds.map((f: { train: { candles: number }; test: { candles: number; warmup: number } }) => [f.train.candles, f.test.candles, f.test.warmup])).toEqual([
      [1271, 543, 100],
      [1271, 543, 100],
      [1271, 543, 100],
    ]);
    expect(study.walkForward.folds[1].test.from).toBe(study.walkForward.folds[0].test.to);
    expect(study.walkForward.folds[0].trials).toBe(6);
    const two = dealbot([...args, '--workers', '2', '--json']);
    expect(JSON.parse(two.stdout).walkForward).toEqual(study.walkForward);
    const text = dealbot([...args, '--workers', '2']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^Walk-forward validation \(rolling windows/m);
    expect(text.stdout).toMatch(/^3 of 3 folds done, \d scored on both parts$/m);
    expect(text.stdout).toMatch(/^fold +train \(UTC\) +test \(UTC\) +best trial +strategy\.macdFast +strategy\.macdSlow +pairs\.\*\.profitMarkup +in-sample profit +out-of-sample profit +test trades$/m);
    expect(text.stderr).toMatch(/^walk-forward: fold 3\/3 done/m);
  }, 180_000);

  it.each([
    ['{ folds: 1 }', 'optimize.walkForward.folds: must be >= 2'],
    ['{ folds: 3, trainShare: 1.5 }', 'optimize.walkForward.trainShare: must be between 0 and 1 (both excluded)'],
    [
      '{ folds: 30 }',
      'optimize.walkForward: 3000 candles, 100 of them warm-up, make 30 folds of 290 train and 87 test candles; each part needs at least the warm-up of 100 candles (windowSize); use fewer folds, another trainShare or more candles',
    ],
  ])('refuses walkForward %s in one line naming the field, before any trial, writing nothing', (settings, message) => {
    const config = withWalkForward(settings);
    const html = join(fixture.dir, 'refused.html');
    const run = dealbot(['optimize', '-c', config, '--data-dir', fixture.dataDir, '--html', html]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`dealbot: ${config}: ${message}\n`);
    expect(run.stdout).toBe('');
    expect(existsSync(html)).toBe(false);
  }, 60_000);

  it('--html into a folder that does not exist is refused before any trial, in one line', () => {
    const html = join(fixture.dir, 'no-such-folder', 'study.html');
    const run = dealbot(['optimize', '-c', fixture.config, '--data-dir', fixture.dataDir, '--html', html]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`dealbot: cannot write ${html}: the folder ${join(fixture.dir, 'no-such-folder')} does not exist\n`);
  }, 60_000);

  it('--html writes the study report with the walk-forward table', () => {
    const html = join(fixture.dir, 'study.html');
    const run = dealbot(['optimize', '-c', withWalkForward('{ folds: 2 }'), '--data-dir', fixture.dataDir, '--html', html]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`Wrote the study report to ${html}`);
    const page = readFileSync(html, 'utf8');
    expect(page).toContain('<div id="walk-forward">');
    expect(page).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
  }, 120_000);
});
