/**
 * Writes the generated part of docs/events/ from the event contract
 * (src/infrastructure/events/contract/): `npm run docs:events`. Files of types that no longer
 * exist are removed; README.md is written by hand.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderEventDocs } from '../src/infrastructure/events/contract/event-docs.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'events');
const files = renderEventDocs();

mkdirSync(join(root, 'examples'), { recursive: true });
for (const folder of ['', 'examples']) {
  for (const name of readdirSync(join(root, folder))) {
    const path = folder === '' ? name : `${folder}/${name}`;
    if (name.endsWith('.json') && !files.has(path)) rmSync(join(root, path));
  }
}
for (const [path, text] of files) writeFileSync(join(root, path), text);
console.log(`docs/events: ${files.size} files written`);
