import { expect, it } from 'vitest';
import { tempDir } from '../../../support/realtime/bot-config.js';
import { runCrashSession } from './crash.fixtures.js';
import { expectNoSecretsInOutput } from './realtime.fixtures.js';

/** Kills per run; DEALBOT_CRASH_KILLS=50 runs the full count (about 4-5 s per restart). */
const KILLS = Number(process.env.DEALBOT_CRASH_KILLS ?? 18);
const SEED = Number(process.env.DEALBOT_CRASH_SEED ?? 6);

expectNoSecretsInOutput();

it(`SQLite: ${KILLS} SIGKILLs at random moments of live trading, restarted each time: no duplicate, every server order and fill stored once, deals agree with their orders`, async () => {
  const dir = tempDir();
  try {
    const report = await runCrashSession({ database: `sqlite:${dir.path}/crash.db`, kills: KILLS, seed: SEED });
    console.info(`crash test (SQLite, seed ${SEED}): ${JSON.stringify(report)}`);
    expect(report.windows.unsent).toBeGreaterThan(0);
    expect(report.windows.unrecorded).toBeGreaterThan(0);
  } finally {
    dir.remove();
  }
}, 600_000);
