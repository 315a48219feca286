// `node --import ./test/support/module-recorder.mjs ...`: writes every module the process loaded,
// one URL or path a line, to the file named by DEALBOT_MODULE_LOG when the process exits. ES
// modules are seen by a load hook; CommonJS ones (pg, pino, better-sqlite3 are) by require.cache,
// which also holds those a CommonJS module or createRequire loaded, where no ESM hook looks.
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';

const log = process.env.DEALBOT_MODULE_LOG;
if (!log) throw new Error('module-recorder: set DEALBOT_MODULE_LOG to the file to write');
register(new URL('./module-recorder.hooks.mjs', import.meta.url));
const cache = createRequire(import.meta.url).cache;
process.on('exit', () => appendFileSync(log, Object.keys(cache).map((path) => `${path}\n`).join('')));
