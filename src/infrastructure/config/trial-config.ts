import { isCollection, isMap, parseDocument } from 'yaml';
import { CurrencyPair } from '../../domain/currency-pair/currency-pair.entity.js';
import { ValidationError } from '../../domain/shared/domain-error.js';
import { pairPath } from './bots.schema.js';
import { validateConfig } from './config.loader.js';
import type { DealbotConfig } from './config.schema.js';
import { ConfigError } from './config-error.js';
import type { ParamValue } from './optimize.schema.js';
import type { ConcretePath } from './optimize-paths.js';

/** Where each searched path lands in the config (optimize-paths.ts resolves them once). */
export type ResolvedPaths = ReadonlyMap<string, readonly ConcretePath[]>;

type Node = Record<string | number, unknown>;

/** The base config as written (before defaults) with the values set at their places, without the optimize section. */
export function withValues(raw: Readonly<Record<string, unknown>>, values: Readonly<Record<string, ParamValue>>, paths: ResolvedPaths): Record<string, unknown> {
  const { optimize: _search, ...rest } = raw;
  const out = structuredClone(rest);
  for (const [path, value] of Object.entries(values)) {
    for (const parts of paths.get(path) ?? []) {
      let node: Node = out;
      for (const part of parts.slice(0, -1)) {
        const child = node[part];
        if (child === null || typeof child !== 'object') node[part] = {};
        node = node[part] as Node;
      }
      node[parts.at(-1)!] = value;
    }
  }
  return out;
}

/**
 * A trial's config: the base with the values set, through the same schema and pair rules as a
 * config file (config-check). A combination they refuse (macdFast >= macdSlow) is the reason,
 * not an exception.
 */
export function trialConfig(raw: Readonly<Record<string, unknown>>, values: Readonly<Record<string, ParamValue>>, paths: ResolvedPaths): { config: DealbotConfig } | { error: string } {
  try {
    const config = validateConfig(withValues(raw, values, paths), 'config');
    config.pairs.forEach((p, i) => {
      try {
        CurrencyPair.create(p);
      } catch (error) {
        if (error instanceof ValidationError) throw new ConfigError(`config: ${pairPath(config, i)}.${error.field}: ${error.rule}`);
        throw error;
      }
    });
    return { config };
  } catch (error) {
    if (error instanceof ConfigError) return { error: error.message };
    throw error;
  }
}

/**
 * The config file's text with the values set and the optimize section removed: comments and
 * layout kept, decimals written as the exact text they were searched as.
 */
export function configTextWithValues(text: string, values: Readonly<Record<string, ParamValue>>, paths: ResolvedPaths): string {
  const doc = parseDocument(text, { uniqueKeys: true });
  if (doc.errors.length > 0 || !isMap(doc.contents)) throw new ConfigError('the config file is not a YAML mapping');
  doc.deleteIn(['optimize']);
  for (const [path, value] of Object.entries(values)) {
    for (const parts of paths.get(path) ?? []) {
      // a section written as null (a rule turned off) becomes a mapping to hold the value
      for (let n = 1; n < parts.length; n += 1) {
        const prefix = parts.slice(0, n);
        if (doc.hasIn(prefix) && !isCollection(doc.getIn(prefix, true))) doc.setIn(prefix, doc.createNode({}));
      }
      doc.setIn(parts, value);
    }
  }
  return doc.toString({ lineWidth: 0 });
}
