import { parseRule, type RuleNode } from '../../domain/services/rules/rule.parser.js';
import { dec } from '../../domain/shared/decimal.js';
import { DECIMAL } from './decimal-field.js';

/** Where a limit is broken: the field's path and why. */
export interface LimitIssue {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

export { MAX_FEE_RATE } from './fee-limit.js';

interface StrategyPeriods {
  readonly rsiPeriod: number;
  readonly macdFast: number;
  readonly macdSlow: number;
  readonly macdSignal: number;
  readonly rule?: string | undefined;
}

/**
 * Indicator periods longer than the window the indicators warm up on: they would never produce
 * a value, and the strategy would silently never trade.
 */
export function periodIssues(strategy: StrategyPeriods, windowSize: number): LimitIssue[] {
  const issues: LimitIssue[] = [];
  if (strategy.rule === undefined) {
    for (const field of ['rsiPeriod', 'macdFast', 'macdSlow', 'macdSignal'] as const) {
      const period = strategy[field];
      if (period > windowSize) issues.push({ path: ['strategy', field], message: `${period} is more than windowSize ${windowSize}: the indicator would never warm up` });
    }
    return issues;
  }
  for (const series of seriesOf(parseRule(strategy.rule))) {
    const longest = Math.max(...series.args);
    if (longest > windowSize) issues.push({ path: ['strategy', 'rule'], message: `${series.name}(${series.args.join(',')}) needs ${longest} candles, more than windowSize ${windowSize}` });
  }
  return issues;
}

/** The series a rule reads (iteratively: the parser bounds the depth, this does not rely on it). */
function seriesOf(tree: RuleNode): { name: string; args: readonly number[] }[] {
  const found: { name: string; args: readonly number[] }[] = [];
  const stack: RuleNode[] = [tree];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (node.kind === 'series' && node.args.length > 0) found.push(node);
    else if (node.kind === 'not') stack.push(node.operand);
    else if (node.kind === 'compare' || node.kind === 'cross' || node.kind === 'logic') stack.push(node.right, node.left);
  }
  return found;
}

interface PairQuota {
  readonly dealQuota: string;
  readonly paperMarket?: { readonly startPrice?: number | undefined; readonly minAmount: string; readonly minCost: string } | undefined;
}

/**
 * A deal quota below the market's minimum order: every buy would be refused. Checked where the
 * rules are known: the paper market's minCost, and on the simulated market minAmount x startPrice.
 */
export function quotaIssues(pairs: readonly PairQuota[], simulated: boolean): LimitIssue[] {
  const issues: LimitIssue[] = [];
  pairs.forEach((pair, i) => {
    const market = pair.paperMarket;
    // Values refused by their own rule are reported there; nothing to compare here.
    if (market === undefined || ![pair.dealQuota, market.minCost, market.minAmount].every((v) => DECIMAL.test(v))) return;
    const quota = dec(pair.dealQuota);
    const path = ['pairs', i, 'dealQuota'];
    if (quota.lt(market.minCost)) {
      issues.push({ path, message: `${pair.dealQuota} is below the market's minimum cost ${market.minCost} (paperMarket.minCost)` });
    } else if (simulated && market.startPrice !== undefined) {
      const least = dec(market.minAmount).times(String(market.startPrice));
      if (quota.lt(least)) issues.push({ path, message: `${pair.dealQuota} is below the market's minimum amount ${market.minAmount} x start price ${market.startPrice} = ${least.toString()}` });
    }
  });
  return issues;
}
