import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

/** The tests Stryker runs against the domain's mutants: the domain's own (docs/testing.md). */
export default defineConfig({
  ...base,
  test: { ...base.test, include: ['test/domain/**/*.test.ts'], reporters: ['default'] },
});
