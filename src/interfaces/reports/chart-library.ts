import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

let library: string | null = null;

/** lightweight-charts' standalone bundle (it defines window.LightweightCharts), read once. */
export function chartLibrarySource(): string {
  if (library === null) {
    const packageJson = createRequire(import.meta.url).resolve('lightweight-charts/package.json');
    library = readFileSync(join(dirname(packageJson), 'dist/lightweight-charts.standalone.production.js'), 'utf8');
  }
  return library;
}
