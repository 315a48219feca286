import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrialFigures } from '../../../src/application/optimize/objectives.js';
import type { StudyResult, TrialRecord } from '../../../src/application/optimize/study.js';
import type { WalkForwardResult } from '../../../src/application/optimize/walk-forward-run.js';
import { partWindow, planWalkForward, summarizeWalkForward } from '../../../src/application/optimize/walk-forward.js';
import { writeStudyReport } from '../../../src/interfaces/reports/study-report-file.js';
import { inCi } from '../../support/services.js';

const CHROMIUM = '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
if (!HAVE_CHROMIUM && !inCi()) console.warn(`skipping the study report browser test: no ${CHROMIUM} (apt-get install chromium)`);

const figures = (trades: number, pnl: string): TrialFigures => ({ trades, pnl, maxDrawdownPercent: 3.5, sharpe: 1, sortino: 1, calmar: 1, finalEquity: 1000 + Number(pnl) });
const trial = (index: number, fast: number, markup: string, mode: string, score: number): TrialRecord =>
  Number.isFinite(score)
    ? { index, values: { 'strategy.macdFast': fast, 'pairs.*.profitMarkup': markup, 'strategy.mode': mode }, status: 'ok', score, figures: figures(10 + index, String(score)) }
    : { index, values: { 'strategy.macdFast': fast, 'pairs.*.profitMarkup': markup, 'strategy.mode': mode }, status: 'failed', score, reason: 'config: strategy.macdFast: macdFast must be < macdSlow' };

// 8 trials, 2 of them without a score; the best so far: 5, 5, 7, 7, 7, 12, 12, 12
const TRIALS = [trial(0, 8, '0.004', 'a', 5), trial(1, 10, '0.006', 'b', 3), trial(2, 12, '0.004', 'a', 7), trial(3, 14, '0.008', 'c', Number.NEGATIVE_INFINITY), trial(4, 8, '0.006', 'b', -2), trial(5, 10, '0.008', 'c', 12), trial(6, 16, '0.004', 'a', Number.NEGATIVE_INFINITY), trial(7, 12, '0.006', 'b', 9)];
const STUDY: StudyResult = { objective: { name: 'profit', minTrades: 1 }, planned: 8, trials: TRIALS, best: TRIALS[5]!, interrupted: false };

function walkForward(): WalkForwardResult {
  const folds = planWalkForward(1000, 100, { folds: 2, trainShare: 0.75 });
  const start = Date.UTC(2024, 0, 1);
  const outcomes = folds.map((fold, k) => ({
    fold,
    train: partWindow(fold.train, start, 60_000),
    test: partWindow(fold.test, start, 60_000),
    study: { ...STUDY, best: TRIALS[k === 0 ? 5 : 7]! },
    outOfSample: { ...TRIALS[k === 0 ? 5 : 7]!, score: k === 0 ? 2.5 : -1.25, figures: figures(4, k === 0 ? '2.5' : '-1.25') },
  }));
  return { folds: outcomes, planned: 2, summary: summarizeWalkForward([{ inSample: 12, outOfSample: 2.5 }, { inSample: 9, outOfSample: -1.25 }]), interrupted: false };
}

const DIR = mkdtempSync(join(tmpdir(), 'dealbot-study-report-'));
let browser: Browser;

describe.skipIf(!HAVE_CHROMIUM && !inCi())('the study report in Chromium', () => {
  beforeAll(async () => {
    if (!HAVE_CHROMIUM) throw new Error(`CI needs ${CHROMIUM} for the study report browser test`);
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    rmSync(DIR, { recursive: true, force: true });
  });

  it('draws a point per scored trial on every chart, the best-so-far line, the best trials and the walk-forward table, loading nothing', async () => {
    const path = join(DIR, 'study.html');
    await writeStudyReport(path, { study: STUDY, header: { config: 'my.yaml', sampler: 'random', seed: 7, workers: 2 }, walkForward: walkForward() });
    const page = await browser.newPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(`file://${path}`);
    expect(requests).toEqual([`file://${path}`]);
    expect(await page.title()).toBe('dealbot optimize: my.yaml, profit');

    // objective over trials: 6 scored trials, the line through the best so far after each of the 8
    const objective = page.locator('#objective-chart');
    expect(await objective.locator('circle.point').count()).toBe(6);
    expect(await objective.locator('circle.point').evaluateAll((cs) => cs.map((c) => Number(c.getAttribute('data-y'))))).toEqual([5, 3, 7, -2, 12, 9]);
    const line = (await objective.locator('polyline.best-line').getAttribute('points'))!.split(' ').map((p) => p.split(',').map(Number));
    expect(line).toHaveLength(8);
    // the line ends at the height of the best trial's point, and never goes down (SVG y grows downwards)
    const bestPoint = objective.locator('circle.point[data-x="5"]');
    expect(line.at(-1)![1]).toBe(Number(await bestPoint.getAttribute('cy')));
    for (let i = 1; i < line.length; i += 1) expect(line[i]![1]!).toBeLessThanOrEqual(line[i - 1]![1]!);
    // the charts are laid out: the points inside the drawing
    const box = (await objective.boundingBox())!;
    expect(box.width).toBeGreaterThan(300);

    // one chart per parameter, a point per scored trial; a choice of text is drawn by category
    expect(await page.locator('svg.study-chart').count()).toBe(4);
    for (const i of [0, 1, 2]) expect(await page.locator(`#param-chart-${i} circle.point`).count()).toBe(6);
    expect(await page.locator('#param-chart-0 circle.point').evaluateAll((cs) => cs.map((c) => Number(c.getAttribute('data-x'))))).toEqual([8, 10, 12, 8, 10, 12]);
    expect(await page.locator('#param-chart-2 circle.point').evaluateAll((cs) => cs.map((c) => Number(c.getAttribute('data-x'))))).toEqual([0, 1, 0, 1, 2, 1]);
    expect(await page.locator('#param-chart-2 text.tick').allTextContents()).toEqual(expect.arrayContaining(['a', 'b', 'c']));
    expect(await page.locator('#param-chart-0 circle.point title').first().textContent()).toBe('trial 0: strategy.macdFast 8, 5');

    // the best trials, best first
    const best = page.locator('#best-trials tbody tr');
    expect(await best.count()).toBe(6);
    expect(await best.first().locator('td').allTextContents()).toEqual(['1', '5', '10', '0.008', 'c', '12', '15', '12', '3.50%']);
    expect(await page.locator('#best-trials th').allTextContents()).toEqual(['rank', 'trial', 'strategy.macdFast', 'pairs.*.profitMarkup', 'strategy.mode', 'profit', 'trades', 'pnl', 'drawdown']);

    // the walk-forward table: 900 candles after the warm-up, test parts of 180, train parts of 540
    const folds = page.locator('#walk-forward tbody tr');
    expect(await folds.count()).toBe(2);
    expect(await folds.nth(0).locator('td').allTextContents()).toEqual(['1', '2024-01-01 01:40 -> 2024-01-01 10:40', '2024-01-01 10:40 -> 2024-01-01 13:40', '5', '10', '0.008', 'c', '12', '2.5', '4']);
    expect(await folds.nth(1).locator('td').allTextContents()).toEqual(['2', '2024-01-01 04:40 -> 2024-01-01 13:40', '2024-01-01 13:40 -> 2024-01-01 16:40', '7', '12', '0.006', 'b', '9', '-1.25', '4']);
    expect(await page.locator('#walk-forward-summary p').allTextContents()).toEqual([
      '2 of 2 folds done, 2 scored on both parts',
      'mean profit: in-sample 10.5, out-of-sample 0.625 (difference -9.875)',
      'walk-forward efficiency (out-of-sample / in-sample): 6.0%',
    ]);
    await page.screenshot({ path: join(DIR, 'study.png'), fullPage: true });
  }, 60_000);

  it('has no walk-forward section without a walk-forward, and says when no trial has a score', async () => {
    const path = join(DIR, 'none.html');
    const failed = TRIALS.filter((t) => !Number.isFinite(t.score));
    await writeStudyReport(path, { study: { ...STUDY, trials: failed, best: null }, header: { config: 'my.yaml', sampler: 'grid', seed: 1, workers: 1 } });
    const page = await browser.newPage();
    await page.goto(`file://${path}`);
    expect(await page.locator('#walk-forward').count()).toBe(0);
    expect(await page.locator('#objective-chart circle.point').count()).toBe(0);
    expect(await page.locator('#objective-chart polyline').count()).toBe(0);
    expect(await page.locator('#best-trials').textContent()).toBe('No trial has a score.');
  }, 60_000);
});
