// The idle process of the live-memory bench: the modules a `dealbot run` loaded (listed by the
// module recorder, one URL or path a line, in the file given as argument), loaded and nothing
// run. The entry (dist/main.js, which would parse a command line and run it) is left out. Prints
// "ready" once all are loaded, then waits to be measured (memory-probe.mjs) and stopped.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const [list, entry] = process.argv.slice(2);
const require = createRequire(import.meta.url);
/** The program's modules and its packages' (not the recorder's own, nor data files). */
const wanted = (line) => line !== entry && (line.startsWith('node:') || (/\/(dist|node_modules)\//.test(line) && /\.(js|mjs|cjs|node)$/.test(line)));
const lines = [...new Set(readFileSync(list, 'utf8').split('\n').filter(wanted))];
for (const line of lines) {
  if (line.startsWith('file://') || line.startsWith('node:')) {
    // a CommonJS file may be listed twice (its URL from the ESM hook, its path from require.cache): one module either way
    await import(line);
  } else if (line.startsWith('/')) {
    require(line);
  }
}
process.stdout.write('ready\n');
setInterval(() => {}, 60_000);
