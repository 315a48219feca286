import type { z } from 'zod';
import { configSchema } from './config.schema.js';

/** What this file reads of a zod schema's definition: its kind and what it wraps or holds. */
interface SchemaDef {
  readonly type: string;
  readonly innerType?: z.ZodType;
  readonly in?: z.ZodType;
  readonly shape?: Record<string, z.ZodType>;
  readonly element?: z.ZodType;
  readonly valueType?: z.ZodType;
}

const defOf = (schema: z.ZodType): SchemaDef => (schema as unknown as { _zod: { def: SchemaDef } })._zod.def;

const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'nonoptional', 'readonly', 'catch']);

/** The schema under defaults, optionals and transforms: what the field holds. */
function unwrap(schema: z.ZodType): SchemaDef {
  let def = defOf(schema);
  for (;;) {
    if (WRAPPERS.has(def.type) && def.innerType) def = defOf(def.innerType);
    else if (def.type === 'pipe' && def.in) def = defOf(def.in);
    else return def;
  }
}

/** A path's parts where the config holds them: `pairs.*.profitMarkup` -> [['pairs', 0, 'profitMarkup'], ['pairs', 1, 'profitMarkup'], ...]. */
export type ConcretePath = readonly (string | number)[];

/**
 * Where a parameter's dotted path points in a config: `strategy.macdFast`, `exits.stopLoss`,
 * `pairs.*.profitMarkup` (every pair) or `pairs.BTC/USDT.profitMarkup` (one pair). The path must
 * name a single value (not a section) that the config schema knows; throws a RangeError saying
 * what is wrong otherwise. `symbols` are the config's pairs.
 */
export function resolveParamPath(path: string, symbols: readonly string[]): ConcretePath[] {
  if (path.trim() === '' || path.split('.').some((part) => part === '')) throw new RangeError('is not a dotted path like strategy.macdFast');
  let targets: (string | number)[][] = [[]];
  let def = unwrap(configSchema);
  let walked = '';
  const parts = path.split('.');
  for (let i = 0; i < parts.length; i += 1) {
    const part = parts[i]!;
    if (part === 'optimize' && i === 0) throw new RangeError('cannot search the optimize section itself');
    // the candles are read once, for the config's pairs and timeframe, before any trial
    if (i === 0 && part === 'timeframe') throw new RangeError('the candles are read once for the config\'s timeframe; run one study per timeframe');
    if (i === 2 && parts[0] === 'pairs' && part === 'symbol') throw new RangeError('the candles are read once for the config\'s pairs; a study cannot change a pair\'s symbol');
    if (def.type === 'object' && def.shape) {
      const field = def.shape[part];
      if (field === undefined) throw new RangeError(`no field "${part}" in ${walked || 'the config'} (it has ${Object.keys(def.shape).join(', ')})`);
      targets = targets.map((t) => [...t, part]);
      def = unwrap(field);
    } else if (def.type === 'array' && def.element) {
      if (walked !== 'pairs') throw new RangeError(`${walked} is a list; only pairs can be searched per item`);
      const indices = part === '*' ? symbols.map((_, j) => j) : [symbols.indexOf(part)];
      if (indices[0] === -1) throw new RangeError(`pair "${part}" is not in the config's pairs (${symbols.join(', ')}); use a symbol or * for every pair`);
      targets = targets.flatMap((t) => indices.map((j) => [...t, j]));
      def = unwrap(def.element);
    } else if (def.type === 'record' && def.valueType) {
      targets = targets.map((t) => [...t, part]);
      def = unwrap(def.valueType);
    } else {
      throw new RangeError(`${walked} is a single value; nothing is under it`);
    }
    walked = walked === '' ? part : `${walked}.${part}`;
  }
  if (['object', 'array', 'record'].includes(def.type)) throw new RangeError(`${walked} is a section, not a value; name a field in it`);
  return targets;
}
