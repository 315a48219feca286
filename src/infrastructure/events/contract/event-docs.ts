import { z } from 'zod';
import { EXAMPLE_ENVELOPES } from './examples.js';
import { ENVELOPE_SCHEMAS, EVENT_TYPES } from './index.js';

/** The JSON Schema (draft 2020-12) of one type's envelope. */
export function envelopeJsonSchema(type: keyof typeof ENVELOPE_SCHEMAS): Record<string, unknown> {
  return z.toJSONSchema(ENVELOPE_SCHEMAS[type], { target: 'draft-2020-12', io: 'output' });
}

/**
 * The generated files of docs/events/ by path under it: `<Type>.schema.json` and
 * `examples/<Type>.json` per event type (README.md is written by hand).
 */
export function renderEventDocs(): Map<string, string> {
  const files = new Map<string, string>();
  for (const type of EVENT_TYPES) {
    files.set(`${type}.schema.json`, json(envelopeJsonSchema(type)));
    files.set(`examples/${type}.json`, json(EXAMPLE_ENVELOPES[type]));
  }
  return files;
}

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;
