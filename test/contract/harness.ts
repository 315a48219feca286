import type { UnitOfWork } from '../../src/domain/ports/repositories.port.js';

/** A store under contract, made fresh for each test. */
export interface RepositoryHarness {
  readonly uow: UnitOfWork;
  close(): Promise<void>;
}

/** `fn` over a fresh store from `make`, closed afterwards whatever happens. */
export function harnessRunner(make: () => Promise<RepositoryHarness>): (fn: (h: RepositoryHarness) => Promise<void>) => Promise<void> {
  return async (fn) => {
    const harness = await make();
    try {
      await fn(harness);
    } finally {
      await harness.close();
    }
  };
}
