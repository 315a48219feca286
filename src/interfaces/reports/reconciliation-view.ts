import type { EquityReconciliation } from '../../application/backtest/equity-reconciliation.js';
import { sign, type Decimal } from '../../domain/shared/decimal.js';

/** Percent of the starting equity, 2 places, signed. */
function percentOf(amount: Decimal, start: Decimal): string {
  if (sign(start) === 0) return '-';
  const value = amount.div(start).times(100).toNumber();
  return `${value > 0 ? '+' : ''}${value.toFixed(2)}%`;
}

/** A signed exact amount: the lines between the starting and the final equity are added. */
const signed = (amount: Decimal): string => `${sign(amount) > 0 ? '+' : ''}${amount.toString()}`;

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * The equity lines of the report, one under the other so they visibly add up: the starting
 * equity, each amount that moved it (exact decimals; a line other than the realised and
 * unrealised PnL only when it is not zero), and the final equity.
 */
export function equityRows(r: EquityReconciliation): [string, string][] {
  const q = r.quote;
  const line = (label: string, amount: Decimal): [string, string] => [label, `${signed(amount)} ${q} (${percentOf(amount, r.startingEquity)})`];
  const others: [string, Decimal][] = [
    ['+ dust left by closed deals, at the last close', r.dust],
    ['+ fees in other assets, revalued at the last close', r.feesInOtherAssets],
    [`+ assets other than ${q} held at the start, at the last close`, r.heldAtStart],
    ['+ not explained by the deals', r.unexplained],
  ];
  return [
    ['starting equity', `${r.startingEquity.toString()} ${q}`],
    line(`+ realised PnL (${plural(r.closedDeals, 'closed deal')})`, r.realisedPnl),
    line(`+ unrealised PnL (${plural(r.workingDeals, 'working deal')} at the last close)`, r.unrealisedPnl),
    ...others.filter(([, amount]) => sign(amount) !== 0).map(([label, amount]) => line(label, amount)),
    ['= final equity', `${r.finalEquity.toString()} ${q} (${percentOf(r.finalEquity.minus(r.startingEquity), r.startingEquity)})`],
  ];
}

/** The same figures for --json: exact decimals as strings, every line (zero or not). */
export function reconciliationJson(r: EquityReconciliation): Record<string, unknown> {
  return {
    startingEquity: r.startingEquity.toString(),
    realisedPnl: r.realisedPnl.toString(),
    unrealisedPnl: r.unrealisedPnl.toString(),
    dust: r.dust.toString(),
    feesInOtherAssets: r.feesInOtherAssets.toString(),
    heldAtStart: r.heldAtStart.toString(),
    unexplained: r.unexplained.toString(),
    finalEquity: r.finalEquity.toString(),
    closedDeals: r.closedDeals,
    workingDeals: r.workingDeals,
    underWater: r.underWater,
    lastCloses: Object.fromEntries(Object.entries(r.lastCloses).map(([symbol, close]) => [symbol, close.toString()])),
  };
}
