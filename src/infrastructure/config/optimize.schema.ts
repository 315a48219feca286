import { z } from 'zod';
import { dec } from '../../domain/shared/decimal.js';

/** What a study may maximise; the names application/optimize/objectives.ts scores (the CLI hands one to the other, so the compiler checks they agree). */
export const OBJECTIVE_NAMES = ['profit', 'sharpe', 'sortino', 'calmar'] as const;

/** A value written into the config at a parameter's path. */
export type ParamValue = number | string | boolean;

/** One parameter's range as the config gives it (application/optimize/search-space.ts enumerates it). */
export type ParamSpec =
  | { readonly kind: 'int'; readonly path: string; readonly lo: number; readonly hi: number; readonly step: number }
  | { readonly kind: 'float' | 'decimal'; readonly path: string; readonly lo: string; readonly hi: string; readonly step: string }
  | { readonly kind: 'choice'; readonly path: string; readonly values: readonly ParamValue[] };

/** A decimal written as a YAML number or string; kept as text so a range and its steps are exact. */
const SIGNED_DECIMAL = /^-?\d+(\.\d+)?$/;

export const MAX_TRIALS = 100_000;

type Issue = { readonly path: (string | number)[]; readonly message: string };

function decimalText(value: unknown): string | null {
  const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : typeof value === 'string' ? value.trim() : null;
  return text !== null && SIGNED_DECIMAL.test(text) ? text : null;
}

/** `[lo, hi]`, both accepted by `read`, lo <= hi; or an issue at `key`. */
function range<T>(value: unknown, key: string, read: (v: unknown) => T | null, below: (a: T, b: T) => boolean, kind: string): [T, T] | Issue {
  if (!Array.isArray(value) || value.length !== 2) return { path: [key], message: `must be [lo, hi], got ${JSON.stringify(value)}` };
  const [lo, hi] = value.map(read) as [T | null, T | null];
  if (lo === null || hi === null) return { path: [key], message: `must be two ${kind}s, got ${JSON.stringify(value)}` };
  if (below(hi, lo)) return { path: [key], message: `lo ${String(lo)} is above hi ${String(hi)}` };
  return [lo, hi];
}

const decimalBelow = (a: string, b: string): boolean => dec(a).lt(b);

/** One parameter's search range from its YAML form: `{ int: [lo, hi], step? }`, `{ float|decimal: [lo, hi], step }` or `{ choice: [...] }`. */
export function parseParamSpec(path: string, raw: unknown): ParamSpec | Issue {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return { path: [], message: 'must be { int: [lo, hi] }, { float: [lo, hi], step }, { decimal: [lo, hi], step } or { choice: [values] }' };
  const spec = raw as Record<string, unknown>;
  const kinds = ['int', 'float', 'decimal', 'choice'].filter((k) => k in spec);
  if (kinds.length !== 1) return { path: [], message: `must have exactly one of int, float, decimal, choice; got ${Object.keys(spec).join(', ') || 'none'}` };
  const kind = kinds[0] as 'int' | 'float' | 'decimal' | 'choice';
  const extra = Object.keys(spec).filter((k) => k !== kind && !(k === 'step' && kind !== 'choice'));
  if (extra.length > 0) return { path: [], message: `unknown field ${extra.join(', ')}` };
  if (kind === 'choice') {
    const values = spec.choice;
    if (!Array.isArray(values) || values.length === 0) return { path: ['choice'], message: 'must list at least one value' };
    const bad = values.find((v) => !['number', 'string', 'boolean'].includes(typeof v));
    if (bad !== undefined) return { path: ['choice'], message: `values must be numbers, text or true/false, got ${JSON.stringify(bad)}` };
    if (new Set(values).size !== values.length) return { path: ['choice'], message: 'lists a value twice' };
    return { kind, path, values: values as ParamValue[] };
  }
  if (kind === 'int') {
    const int = (v: unknown): number | null => (Number.isSafeInteger(v) ? (v as number) : null);
    const bounds = range(spec.int, 'int', int, (a, b) => a < b, 'whole number');
    if (!Array.isArray(bounds)) return bounds;
    const step = spec.step ?? 1;
    if (int(step) === null || (step as number) < 1) return { path: ['step'], message: `must be a whole number >= 1, got ${JSON.stringify(step)}` };
    return { kind, path, lo: bounds[0], hi: bounds[1], step: step as number };
  }
  const bounds = range(spec[kind], kind, decimalText, decimalBelow, 'decimal number');
  if (!Array.isArray(bounds)) return bounds;
  if (spec.step === undefined) return { path: ['step'], message: 'is required for a float or decimal range, e.g. step: 0.001' };
  const step = decimalText(spec.step);
  if (step === null || !dec(step).gt(0)) return { path: ['step'], message: `must be a decimal number > 0, got ${JSON.stringify(spec.step)}` };
  return { kind, path, lo: bounds[0], hi: bounds[1], step };
}

const parameters = z.record(z.string(), z.unknown()).transform((raw, ctx) => {
  const specs: ParamSpec[] = [];
  for (const [path, value] of Object.entries(raw)) {
    const spec = parseParamSpec(path, value);
    if ('message' in spec) ctx.addIssue({ code: 'custom', path: [path, ...spec.path], message: spec.message });
    else specs.push(spec);
  }
  if (Object.keys(raw).length === 0) ctx.addIssue({ code: 'custom', path: [], message: 'must name at least one parameter, e.g. strategy.macdFast: { int: [8, 16] }' });
  return specs;
});

/** The `optimize:` section: what `dealbot optimize` searches and what it maximises (docs/optimize.md). */
export const optimizeSchema = z.strictObject({
  objective: z.enum(OBJECTIVE_NAMES, { message: `must be one of ${OBJECTIVE_NAMES.join(', ')}` }).default('profit'),
  /** Percent of the peak: a trial whose maximum drawdown is larger scores -Infinity. */
  maxDrawdown: z.number().positive('must be > 0 (a percent)').max(100, 'must be <= 100 (a percent)').optional(),
  minTrades: z.number().int('must be an integer').min(0, 'must be >= 0').default(1),
  sampler: z.enum(['grid', 'random', 'tpe'], { message: 'must be grid, random or tpe' }).default('random'),
  /** tpe: trials drawn at random before the model is used. */
  startupTrials: z.number().int('must be an integer').min(1, 'must be >= 1').default(10),
  trials: z.number().int('must be an integer').min(1, 'must be >= 1').max(MAX_TRIALS, `must be <= ${MAX_TRIALS}`).default(100),
  seed: z.number().int('must be an integer').min(0, 'must be >= 0').default(1),
  parameters,
  /** Walk-forward validation after the study (docs/optimize.md): rolling train/test windows. */
  walkForward: z
    .strictObject({
      folds: z.number().int('must be a whole number').min(2, 'must be >= 2'),
      trainShare: z.number().gt(0, 'must be between 0 and 1 (both excluded)').lt(1, 'must be between 0 and 1 (both excluded)').default(0.75),
    })
    .optional(),
});

export type OptimizeConfig = z.infer<typeof optimizeSchema>;
