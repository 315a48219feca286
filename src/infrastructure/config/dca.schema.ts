import { z } from 'zod';
import { DcaSettings } from '../../domain/currency-pair/dca-settings.js';
import { ValidationError } from '../../domain/shared/domain-error.js';
import { dec } from '../../domain/shared/decimal.js';
import type { LimitIssue } from './config.limits.js';
import { DECIMAL, decimal } from './decimal-field.js';

const integer = z.number().int('must be an integer');

/**
 * DCA deals (docs/trading-rules.md, "DCA"): a base order, then safety orders below it, and a take
 * profit from the average. Shapes here; ranges and the ladder are DcaSettings' rules.
 */
export const dcaSchema = z.strictObject({
  baseOrder: decimal('positive'),
  safetyOrder: decimal('positive'),
  maxSafetyOrders: integer,
  maxActiveSafetyOrders: integer.optional(),
  deviation: decimal('positive'),
  stepScale: decimal('positive'),
  volumeScale: decimal('positive'),
  takeProfit: decimal('positive'),
  stopLoss: z
    .strictObject({ drop: decimal('positive'), from: z.enum(['base', 'average'], { message: 'must be base or average' }) })
    .nullable()
    .optional(),
});

/** On a pair: the fields it sets replace the top-level dca's; null turns DCA off for the pair. */
export const pairDcaSchema = dcaSchema.partial().nullable().optional();

export type DcaConfig = z.infer<typeof dcaSchema>;
export type PairDcaConfig = z.infer<typeof pairDcaSchema>;

interface DcaPair {
  readonly dealQuota: string;
  readonly dca?: PairDcaConfig;
  readonly paperMarket?: { readonly minCost: string } | undefined;
}

/** The DCA block a pair trades with: its own fields over the top-level ones; null when it trades without DCA. */
export function effectiveDca(top: DcaConfig | undefined, own: PairDcaConfig): Partial<DcaConfig> | null {
  if (own === null) return null;
  if (own === undefined) return top ?? null;
  return { ...top, ...own };
}

/** A pair's DCA settings from the loaded config (whose pairs already carry the top-level fields); null without DCA. */
export function dcaSettingsOf(pair: { readonly dca?: PairDcaConfig }): DcaSettings | null {
  return pair.dca === undefined || pair.dca === null ? null : DcaSettings.create(pair.dca);
}

/**
 * Every refused DCA setting, each at its field's path: the top-level block on its own, then each
 * pair's effective block (`pairs[i].dca.<field>`, saying so when the value came from the top level),
 * one deal's max budget against the pair's dealQuota, and order sizes below the paper market's minimum cost.
 */
export function dcaIssues(top: DcaConfig | undefined, pairs: readonly DcaPair[]): LimitIssue[] {
  const issues: LimitIssue[] = [];
  const topValid = top === undefined || settingsOf(top, (field, rule) => issues.push({ path: ['dca', ...field.split('.')], message: rule })) !== null;
  pairs.forEach((pair, i) => {
    const block = effectiveDca(top, pair.dca);
    if (block === null || (pair.dca === undefined && !topValid)) return;
    const own = pair.dca ?? {};
    const path = (field: string): (string | number)[] => ['pairs', i, 'dca', ...field.split('.')];
    const origin = (field: string): string => (field.split('.')[0] as string) in own ? '' : ' (from the top-level dca)';
    const settings = settingsOf(block, (field, rule) => {
      const hint = rule === 'is required' && top === undefined ? ' (on the pair, or in a top-level dca for every pair)' : origin(field);
      issues.push({ path: path(field), message: `${rule}${hint}` });
    });
    if (settings === null || !DECIMAL.test(pair.dealQuota)) return;
    const over = settings.budgetExceeds(dec(pair.dealQuota));
    if (over !== null) issues.push({ path: ['pairs', i, 'dealQuota'], message: `${over}: raise dealQuota or make the DCA orders smaller` });
    const minCost = pair.paperMarket?.minCost;
    if (minCost === undefined || !DECIMAL.test(minCost)) return;
    if (settings.baseOrder.lt(minCost)) issues.push({ path: path('baseOrder'), message: `${settings.baseOrder.toString()} is below the market's minimum cost ${minCost} (paperMarket.minCost)${origin('baseOrder')}` });
    const smallest = settings.steps.reduce<(typeof settings.steps)[number] | null>((least, step) => (least === null || step.size.lt(least.size) ? step : least), null);
    if (smallest !== null && smallest.size.lt(minCost)) {
      issues.push({ path: path('safetyOrder'), message: `safety order ${smallest.number} of ${smallest.size.toString()} is below the market's minimum cost ${minCost} (paperMarket.minCost)${origin('safetyOrder')}` });
    }
  });
  return issues;
}

function settingsOf(block: Partial<DcaConfig>, refuse: (field: string, rule: string) => void): DcaSettings | null {
  try {
    return DcaSettings.create(block);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    refuse(error.field, error.rule);
    return null;
  }
}
