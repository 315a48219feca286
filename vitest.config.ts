import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // one fast-check seed for every property test (DEALBOT_FC_SEED overrides; docs/testing.md);
    // toEqual compares Decimals by value (their fields are private)
    setupFiles: ['./test/support/fast-check.setup.ts', './test/support/decimal-equality.setup.ts'],
    // the permission cases of the bad-input table run as nobody, who must reach the project
    globalSetup: ['./test/support/traverse.global-setup.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
  },
});
