import { describe, expect, it } from 'vitest';
import type { StudyRecord, StudyRepository } from '../../src/domain/ports/studies.port.js';
import type { TrialRecord } from '../../src/application/optimize/study.js';

/** A study store under contract, made fresh for each test. */
export interface StudyHarness {
  readonly studies: StudyRepository;
  close(): Promise<void>;
}

export const study = (id: string, createdAt = 1_700_000_000_000): StudyRecord => ({
  id,
  configPath: 'configs/my.yaml',
  configText: '# a config\ntimeframe: 1m\n',
  dataDir: '/shared/candles',
  sampler: 'tpe',
  seed: 4_294_967_295,
  objective: { name: 'sharpe', minTrades: 3, maxDrawdownPercent: 12.5 },
  planned: 40,
  createdAt,
});

const scored = (index: number, score: number): TrialRecord => ({
  index,
  values: { 'strategy.macdFast': 10 + index, 'pairs.*.profitMarkup': '0.0125', 'exits.trailingStop.enabled': true },
  status: 'ok',
  score,
  figures: { trades: 7, pnl: '12.345678901234567891', maxDrawdownPercent: 3.25, sharpe: 1.2345678901234567, sortino: null, calmar: -0.5, finalEquity: 1012.345678901 },
});

const failed = (index: number): TrialRecord => ({ index, values: { 'strategy.macdFast': 30 }, status: 'failed', score: Number.NEGATIVE_INFINITY, reason: 'strategy: macdFast must be below macdSlow' });

/** The StudyRepository contract, run on every adapter. */
export function describeStudyContract(name: string, make: () => Promise<StudyHarness>): void {
  const withStore = async (fn: (s: StudyRepository) => Promise<void>): Promise<void> => {
    const harness = await make();
    try {
      await fn(harness.studies);
    } finally {
      await harness.close();
    }
  };

  describe(`StudyRepository contract: ${name}`, () => {
    it('stores a study and reads it back as written; a second create of the id changes nothing', () =>
      withStore(async (s) => {
        expect(await s.create(study('s1'))).toBe(true);
        expect(await s.create({ ...study('s1'), configText: 'other', seed: 7 })).toBe(false);
        expect(await s.get('s1')).toEqual(study('s1'));
        expect(await s.get('missing')).toBeNull();
      }));

    it('stores each trial once per index, the first report kept, and reads them by index', () =>
      withStore(async (s) => {
        await s.create(study('s1'));
        expect(await s.saveTrial('s1', scored(2, 1.5))).toBe(true);
        expect(await s.saveTrial('s1', failed(0))).toBe(true);
        expect(await s.saveTrial('s1', scored(2, 99))).toBe(false);
        expect(await s.saveTrial('s1', { index: 1, values: { x: 1 }, status: 'ok', score: Number.NEGATIVE_INFINITY, reason: 'fewer than 3 trades' })).toBe(true);
        expect(await s.trial('s1', 2)).toEqual(scored(2, 1.5));
        expect(await s.trial('s1', 0)).toEqual(failed(0));
        expect(await s.trial('s1', 3)).toBeNull();
        expect(await s.trial('other', 0)).toBeNull();
        expect(await s.trials('s1')).toEqual([failed(0), { index: 1, values: { x: 1 }, status: 'ok', score: Number.NEGATIVE_INFINITY, reason: 'fewer than 3 trades' }, scored(2, 1.5)]);
      }));

    it('keeps the trials of each study apart and refuses a trial of an unknown study', () =>
      withStore(async (s) => {
        await s.create(study('a'));
        await s.create(study('b'));
        await s.saveTrial('a', scored(0, 1));
        expect(await s.saveTrial('b', scored(0, 2))).toBe(true);
        expect((await s.trials('a')).map((t) => t.score)).toEqual([1]);
        expect((await s.trials('b')).map((t) => t.score)).toEqual([2]);
        await expect(s.saveTrial('nope', scored(0, 1))).rejects.toThrow();
        expect(await s.trials('nope')).toEqual([]);
      }));

    it('lists studies oldest first with their done count and best finite score', () =>
      withStore(async (s) => {
        await s.create(study('late', 2_000));
        await s.create(study('early', 1_000));
        await s.saveTrial('late', scored(0, -2.25));
        await s.saveTrial('late', scored(1, 0.125));
        await s.saveTrial('late', failed(2));
        const summary = { sampler: 'tpe', objective: study('x').objective, planned: 40 };
        expect(await s.list()).toEqual([
          { id: 'early', createdAt: 1_000, ...summary, done: 0, bestScore: null },
          { id: 'late', createdAt: 2_000, ...summary, done: 3, bestScore: 0.125 },
        ]);
      }));
  });
}
