import type { Deal } from '../../domain/deal/deal.entity.js';
import { feeKind } from '../../domain/order/order-totals.js';
import { sign, ZERO, type Decimal } from '../../domain/shared/decimal.js';
import type { BacktestResult } from './backtest-result.js';

/**
 * Why the final equity is what it is, exactly, in the quote currency:
 *
 *   startingEquity + realisedPnl + unrealisedPnl + dust + feesInOtherAssets + heldAtStart + unexplained = finalEquity
 *
 * Equity is valued as the equity curve values it: the quote balance plus each pair's base
 * balance at the pair's last close; a currency no pair prices is not part of it.
 */
export interface EquityReconciliation {
  readonly quote: string;
  readonly startingEquity: Decimal;
  /** PnL of the closed deals, as each deal recorded it. */
  readonly realisedPnl: Decimal;
  readonly closedDeals: number;
  /**
   * PnL of the working deals if what each holds were sold at its pair's last close, without a
   * sell fee: sold proceeds + held x last close - buy cost - fees paid (as a closed deal counts them).
   */
  readonly unrealisedPnl: Decimal;
  readonly unrealisedByPair: Readonly<Record<string, Decimal>>;
  readonly workingDeals: number;
  /** Working deals whose unrealised PnL is below zero. */
  readonly underWater: number;
  /** The base closed deals left unsold (below the amount step or minimum), at the last close: still in the account, counted as spent by the realised PnL. */
  readonly dust: Decimal;
  /**
   * Fees paid in a third currency (BNB): a deal's PnL counts them at their quote value when
   * paid; the account lost that currency, valued at its last close (nothing where no pair prices it).
   */
  readonly feesInOtherAssets: Decimal;
  /** Pair base currencies in the starting balances, at the last close: the starting equity counts only the quote. */
  readonly heldAtStart: Decimal;
  /** What none of the above explains; zero unless balances moved outside the deals. */
  readonly unexplained: Decimal;
  /** Final balances valued as above. */
  readonly finalEquity: Decimal;
  /** The prices used: each pair's last close. */
  readonly lastCloses: Readonly<Record<string, Decimal>>;
}

/** The reconciliation of a backtest's equity, from its deals, balances and last closes. Pure. */
export function reconcileEquity(result: BacktestResult): EquityReconciliation {
  const { quote, deals, lastCloses } = result;
  const prices = priceTable(result);
  const priceOf = (currency: string): Decimal => prices.get(currency) ?? ZERO;
  let realisedPnl = ZERO;
  let unrealisedPnl = ZERO;
  let dust = ZERO;
  let feesInOtherAssets = ZERO;
  let closedDeals = 0;
  let workingDeals = 0;
  let underWater = 0;
  const unrealisedByPair: Record<string, Decimal> = Object.fromEntries(result.pairs.map((symbol) => [symbol, ZERO]));
  for (const deal of deals) {
    feesInOtherAssets = feesInOtherAssets.plus(otherAssetFees(deal, priceOf));
    const close = lastCloses[deal.symbol] ?? ZERO;
    if (deal.status === 'closed') {
      closedDeals += 1;
      realisedPnl = realisedPnl.plus(deal.pnl ?? ZERO);
      dust = dust.plus(deal.unsoldAmount.times(close));
    } else if (!deal.isFinal) {
      workingDeals += 1;
      const pnl = markToClose(deal, close);
      if (sign(pnl) < 0) underWater += 1;
      unrealisedPnl = unrealisedPnl.plus(pnl);
      unrealisedByPair[deal.symbol] = (unrealisedByPair[deal.symbol] ?? ZERO).plus(pnl);
    } else {
      // a cancelled deal bought nothing, but should one ever hold something, it is counted here
      dust = dust.plus(deal.unsoldAmount.times(close));
    }
  }
  const heldAtStart = valueOf(result.startingBalances, quote, priceOf, false);
  const finalEquity = valueOf(result.finalBalances, quote, priceOf, true);
  const explained = result.startingEquity.plus(realisedPnl).plus(unrealisedPnl).plus(dust).plus(feesInOtherAssets).plus(heldAtStart);
  return {
    quote,
    startingEquity: result.startingEquity,
    realisedPnl,
    closedDeals,
    unrealisedPnl,
    unrealisedByPair,
    workingDeals,
    underWater,
    dust,
    feesInOtherAssets,
    heldAtStart,
    unexplained: finalEquity.minus(explained),
    finalEquity,
    lastCloses,
  };
}

/** Price in the quote of each pair's base currency: its last close. */
function priceTable(result: BacktestResult): Map<string, Decimal> {
  const prices = new Map<string, Decimal>();
  for (const symbol of result.pairs) {
    const close = result.lastCloses[symbol];
    if (close !== undefined) prices.set(symbol.slice(0, symbol.indexOf('/')), close);
  }
  return prices;
}

/** Balances in the quote: the quote itself (when `withQuote`) and each priced currency at its price. */
function valueOf(balances: BacktestResult['finalBalances'], quote: string, priceOf: (currency: string) => Decimal, withQuote: boolean): Decimal {
  let value = ZERO;
  for (const [currency, balance] of Object.entries(balances)) {
    if (currency === quote) value = withQuote ? value.plus(balance.total) : value;
    else value = value.plus(balance.total.times(priceOf(currency)));
  }
  return value;
}

/** A working deal's PnL at `close`: what a closed deal's PnL would be had what it holds been sold there, fee free. */
function markToClose(deal: Deal, close: Decimal): Decimal {
  return deal.unsoldAmount.times(close).plus(deal.tradedPnl);
}

/**
 * Per third-currency fee: its quote value the PnL counted (nothing when none was known), less
 * what the account lost of that currency at its last close.
 */
function otherAssetFees(deal: Deal, priceOf: (currency: string) => Decimal): Decimal {
  let difference = ZERO;
  for (const order of deal.orders) {
    for (const fill of order.fills) {
      if (feeKind(fill, deal.symbol) !== 'other') continue;
      difference = difference.plus(fill.feeQuote ?? ZERO).minus(fill.fee.times(priceOf(fill.feeCurrency as string)));
    }
  }
  return difference;
}
