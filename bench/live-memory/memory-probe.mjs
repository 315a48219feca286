// Preloaded into a measured process (`node --expose-gc --import <this file> ...`): on SIGUSR2 it
// runs a full garbage collection and appends process.memoryUsage() as one JSON line to the file
// named by DEALBOT_MEMORY_PROBE. Nothing else: the process under measurement is otherwise the
// program as users run it.
import { appendFileSync } from 'node:fs';

const file = process.env.DEALBOT_MEMORY_PROBE;
if (!file) throw new Error('memory-probe: set DEALBOT_MEMORY_PROBE to the file to write');
process.on('SIGUSR2', () => {
  globalThis.gc?.();
  globalThis.gc?.();
  appendFileSync(file, `${JSON.stringify(process.memoryUsage())}\n`);
});
