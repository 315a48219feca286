import { describe, expect, it } from 'vitest';
import { createPostgresTestSchema, POSTGRES_TEST_URL, postgresService, serviceAvailable } from '../../../support/services.js';
import { runCrashSession } from './crash.fixtures.js';
import { expectNoSecretsInOutput } from './realtime.fixtures.js';

/** Kills per run; DEALBOT_CRASH_KILLS=50 runs the full count (about 4-5 s per restart). */
const KILLS = Number(process.env.DEALBOT_CRASH_KILLS ?? 12);
const SEED = Number(process.env.DEALBOT_CRASH_SEED ?? 11);

const postgresUp = await serviceAvailable(postgresService());

expectNoSecretsInOutput();

describe.skipIf(!postgresUp)('PostgreSQL', () => {
  it(`${KILLS} SIGKILLs at random moments of live trading, restarted each time: no duplicate, every server order and fill stored once, deals agree with their orders`, async () => {
    const { schema, drop } = await createPostgresTestSchema();
    const url = new URL(POSTGRES_TEST_URL);
    url.searchParams.set('schema', schema);
    try {
      const report = await runCrashSession({ database: url.toString(), kills: KILLS, seed: SEED });
      console.info(`crash test (PostgreSQL, seed ${SEED}): ${JSON.stringify(report)}`);
      expect(report.windows.unsent).toBeGreaterThan(0);
      expect(report.windows.unrecorded).toBeGreaterThan(0);
    } finally {
      await drop();
    }
  }, 600_000);
});
