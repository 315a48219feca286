import { readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchResult } from './result.js';
import { formatTable } from './table.js';

// Usage: tsx bench/run.ts [filter]  - runs every bench/*.bench.ts whose file name contains the filter.
const filter = process.argv[2] ?? '';
const directory = dirname(fileURLToPath(import.meta.url));
const files = readdirSync(directory)
  .filter((file) => file.endsWith('.bench.ts') && file.includes(filter))
  .sort();

if (files.length === 0) {
  console.error(`no bench/*.bench.ts file matches "${filter}"`);
  process.exit(1);
}

const results: BenchResult[] = [];
let failed = false;
for (const file of files) {
  console.error(`running ${file} ...`);
  try {
    const module = (await import(pathToFileURL(join(directory, file)).href)) as { default?: unknown };
    if (typeof module.default !== 'function') throw new Error('default export is not a function');
    results.push(...((await module.default()) as BenchResult[]));
  } catch (error) {
    failed = true;
    console.error(`${basename(file)} failed:`, error);
  }
}

console.log(JSON.stringify(results, null, 2));
console.log();
console.log(formatTable(results));
if (failed) process.exitCode = 1;
