import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DOMAIN_EVENT_TYPES } from '../../../../src/domain/events.js';
import { renderEventDocs } from '../../../../src/infrastructure/events/contract/event-docs.js';
import { EXAMPLE_ENVELOPES } from '../../../../src/infrastructure/events/contract/examples.js';
import { ENVELOPE_SCHEMAS, EVENT_TYPES, parseEventEnvelope } from '../../../../src/infrastructure/events/contract/index.js';

const DOCS = join(import.meta.dirname, '..', '..', '..', '..', 'docs', 'events');
const generated = (folder: string): string[] => readdirSync(join(DOCS, folder)).filter((name) => name.endsWith('.json')).map((name) => (folder === '' ? name : `${folder}/${name}`));

describe('docs/events/', () => {
  it('holds exactly what `npm run docs:events` writes now (a schema changed without the docs fails here)', () => {
    const files = renderEventDocs();
    expect([...generated(''), ...generated('examples')].sort()).toEqual([...files.keys()].sort());
    for (const [path, text] of files) expect(readFileSync(join(DOCS, path), 'utf8'), `docs/events/${path} is stale: run npm run docs:events`).toBe(text);
  });

  it('names every domain event type, each once, with a schema and an example in the README', () => {
    expect([...EVENT_TYPES].sort()).toEqual([...DOMAIN_EVENT_TYPES].sort());
    const readme = readFileSync(join(DOCS, 'README.md'), 'utf8');
    for (const type of EVENT_TYPES) expect(readme, type).toContain(`[${type}](${type}.schema.json)`);
  });

  it('every example is valid against its own schema and the union, and is the JSON the file holds', () => {
    for (const type of EVENT_TYPES) {
      const example = JSON.parse(readFileSync(join(DOCS, 'examples', `${type}.json`), 'utf8')) as unknown;
      expect(ENVELOPE_SCHEMAS[type].safeParse(example).success, type).toBe(true);
      expect(parseEventEnvelope(example)).toEqual(EXAMPLE_ENVELOPES[type]);
    }
  });

  it('examples tell one story: sequence and time rise together, each id once', () => {
    const examples = EVENT_TYPES.map((type) => EXAMPLE_ENVELOPES[type]).sort((a, b) => a.sequence - b.sequence);
    const times = examples.map((e) => e.occurredAt);
    expect(times).toEqual([...times].sort());
    expect(new Set(examples.map((e) => e.id)).size).toBe(examples.length);
  });
});
