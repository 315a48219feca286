import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { configSchema, type DealbotConfig } from './config.schema.js';

/** A configuration that must not be used: one line naming the file, the field and the rule. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function loadConfigFile(path: string): DealbotConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`${path}: cannot read the config file (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  return parseConfigText(text, path);
}

export function parseConfigText(text: string, source: string): DealbotConfig {
  const doc = parseDocument(text, { prettyErrors: false });
  const yamlError = doc.errors[0];
  if (yamlError) {
    const line = yamlError.linePos?.[0]?.line;
    throw new ConfigError(`${source}${line ? `:${line}` : ''}: invalid YAML: ${yamlError.message.split('\n')[0]}`);
  }
  return validateConfig(doc.toJS() ?? {}, source);
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
