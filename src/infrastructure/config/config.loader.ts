import { readFileSync } from 'node:fs';
import { load } from 'js-yaml';
import { LineCounter, parseDocument } from 'yaml';
import { fsCause } from '../shared/fs-error.js';
import type { z } from 'zod';
import { configSchema, type DealbotConfig } from './config.schema.js';
import { ConfigError } from './config-error.js';

export { ConfigError } from './config-error.js';

export function loadConfigFile(path: string): DealbotConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`${path}: cannot read the config file: ${fsCause(error)}`);
  }
  return parseConfigText(text, path);
}

/** Aliases a config may expand: a real config has a handful; a "billion laughs" bomb has millions. */
export const MAX_YAML_ALIASES = 100;

export function parseConfigText(text: string, source: string): DealbotConfig {
  return validateConfig(parseConfigYaml(text, source), source);
}

/** The config as written: YAML parsed to plain data, before the schema checks it and fills its defaults. */
export function parseConfigYaml(text: string, source: string): Record<string, unknown> {
  const raw = plainYaml(text) ?? fullYaml(text, source);
  if (raw !== null && raw !== undefined && (typeof raw !== 'object' || Array.isArray(raw))) throw new ConfigError(`${source}: config: must be a mapping of fields (mode:, pairs:, ...), got ${Array.isArray(raw) ? 'a list' : `"${String(raw)}"`}`);
  return (raw ?? {}) as Record<string, unknown>;
}

/**
 * A config in plain YAML (no anchor or alias, no duplicate key, nothing js-yaml refuses), read by
 * js-yaml, which reads one cold 3-5x faster than `yaml` (a 20 KB config: ~25 against ~90 ms,
 * measured in the commit that added this); undefined for any other text, which `fullYaml` then
 * reads and reports on. Both follow YAML 1.2's core schema; test/infrastructure/config/
 * config-yaml-readers.test.ts checks they read the same data.
 */
function plainYaml(text: string): unknown {
  try {
    return load(text, { maxAliases: 0 });
  } catch {
    return undefined;
  }
}

/** Any YAML, with its errors named by line, aliases expanded at most MAX_YAML_ALIASES times and duplicate keys refused. */
function fullYaml(text: string, source: string): unknown {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: false, lineCounter, uniqueKeys: true });
  const yamlError = doc.errors[0];
  if (yamlError) {
    const line = lineCounter.linePos(yamlError.pos[0]).line;
    throw new ConfigError(`${source}:${line}: invalid YAML: ${yamlError.message.split('\n')[0]}`);
  }
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
  } catch (error) {
    // yaml throws a ReferenceError when expanding the aliases would exceed the bound.
    if (error instanceof ReferenceError) throw new ConfigError(`${source}: invalid YAML: too many aliases (more than ${MAX_YAML_ALIASES} expansions); write the values out`);
    throw error;
  }
  return raw;
}

export function validateConfig(raw: unknown, source: string): DealbotConfig {
  const parsed = configSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) throw new ConfigError(`${source}: ${describeIssue(parsed.error.issues[0] as z.core.$ZodIssue)}`);
  return parsed.data;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const field = formatPath(issue.path);
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((k) => (field ? `${field}.${k}` : k));
    return `unknown field ${keys.join(', ')}`;
  }
  if ((issue.code === 'invalid_type' || issue.code === 'invalid_union') && issue.input === undefined) return `${field}: is required`;
  if (issue.code === 'invalid_type') return `${field}: must be ${issue.expected === 'int' ? 'an integer' : `a ${issue.expected}`}, got ${JSON.stringify(issue.input)}`;
  if (issue.code === 'invalid_union') return `${field}: must be a decimal number, got ${JSON.stringify(issue.input)}`;
  return `${field || 'config'}: ${issue.message}`;
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), '');
}
