// @ts-check
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));

// Stryker runs the tests from a sandbox copy (.stryker-tmp/sandbox-*), where the relative path
// to the shared candles no longer holds; the test processes inherit this absolute one.
process.env.DEALBOT_MARKET_DATA ??= resolve(root, '../shared/data/market');

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'stryker.vitest.config.ts', related: false },
  coverageAnalysis: 'perTest',
  mutate: [
    'src/domain/**/*.ts',
    // interfaces and plain data: nothing a test could tell apart
    '!src/domain/ports/**',
    '!src/domain/**/*.snapshot.ts',
    '!src/domain/**/*.events.ts',
    '!src/domain/events.ts',
    '!src/domain/order/order.types.ts',
  ],
  concurrency: 2,
  timeoutMS: 10_000,
  incremental: true,
  incrementalFile: 'stryker-incremental.json',
  thresholds: { high: 95, low: 90, break: 90 },
  reporters: ['clear-text', 'html', 'json', 'progress'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, reportTests: false, reportMutants: false, reportScoreTable: true },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
