import type { ParamValue } from '../../domain/ports/studies.port.js';
import { dec } from '../../domain/shared/decimal.js';
import { ROUND_DOWN } from '../../domain/shared/exact-decimal.js';

/** A value a parameter takes: what is written into the config at its path. */
export type { ParamValue } from '../../domain/ports/studies.port.js';

/**
 * One searched parameter: where it goes in the config and the values it may take.
 * int: lo, lo + step, ... up to hi. float and decimal: the same with exact decimal steps (a float
 * is written as a number, a decimal as exact text). choice: the listed values, in their order.
 */
export type ParamSpec =
  | { readonly kind: 'int'; readonly path: string; readonly lo: number; readonly hi: number; readonly step: number }
  | { readonly kind: 'float' | 'decimal'; readonly path: string; readonly lo: string; readonly hi: string; readonly step: string }
  | { readonly kind: 'choice'; readonly path: string; readonly values: readonly ParamValue[] };

/** At most this many values per parameter: a range that would make more is a mistake in the step. */
export const MAX_VALUES_PER_PARAM = 100_000;

/** One trial to run: its number (from 0, in the sampler's order) and the values it sets. */
export interface PlannedTrial {
  readonly index: number;
  readonly values: Readonly<Record<string, ParamValue>>;
}

/** The parameters with every value each may take; `size` is the number of combinations. */
export interface SearchSpace {
  readonly params: readonly ParamSpec[];
  readonly values: readonly (readonly ParamValue[])[];
  /** The product of the value counts (may exceed Number.MAX_SAFE_INTEGER: then it is not exact). */
  readonly size: number;
}

/** The values of a parameter on its grid, in increasing order (choice: as listed). Throws a RangeError naming the parameter on a bad range. */
export function paramValues(spec: ParamSpec): ParamValue[] {
  if (spec.kind === 'choice') {
    if (spec.values.length === 0) throw new RangeError(`${spec.path}: choice must list at least one value`);
    return [...spec.values];
  }
  const lo = dec(spec.lo);
  const hi = dec(spec.hi);
  const step = dec(spec.step);
  if (lo.gt(hi)) throw new RangeError(`${spec.path}: lo ${spec.lo} is above hi ${spec.hi}`);
  if (!step.gt(0)) throw new RangeError(`${spec.path}: step must be > 0, got ${spec.step}`);
  const count = hi.minus(lo).div(step).round(0, ROUND_DOWN).toNumber() + 1;
  if (count > MAX_VALUES_PER_PARAM) throw new RangeError(`${spec.path}: ${count} values from ${spec.lo} to ${spec.hi} by ${spec.step}, more than ${MAX_VALUES_PER_PARAM}; use a larger step`);
  const values: ParamValue[] = [];
  for (let i = 0; i < count; i += 1) {
    const value = lo.plus(step.times(i));
    values.push(spec.kind === 'decimal' ? value.toString() : value.toNumber());
  }
  return values;
}

export function searchSpace(params: readonly ParamSpec[]): SearchSpace {
  if (params.length === 0) throw new RangeError('the search space has no parameters');
  const seen = new Set<string>();
  for (const p of params) {
    if (seen.has(p.path)) throw new RangeError(`${p.path}: appears twice`);
    seen.add(p.path);
  }
  const values = params.map(paramValues);
  return { params, values, size: values.reduce((product, v) => product * v.length, 1) };
}

/** The parameter values of one combination, given its index into each parameter's values. */
export function assignment(space: SearchSpace, indices: readonly number[]): Record<string, ParamValue> {
  const out: Record<string, ParamValue> = {};
  space.params.forEach((p, i) => {
    out[p.path] = space.values[i]![indices[i]!]!;
  });
  return out;
}
