import type { Deal } from '../../domain/deal/deal.entity.js';
import type { Balances } from '../../domain/ports/exchange.port.js';
import { ZERO, type Decimal } from '../../domain/shared/decimal.js';
import { tallyDeals } from './deal-tally.js';

export interface PairSummary {
  readonly symbol: string;
  readonly opened: number;
  readonly closed: number;
  readonly cancelled: number;
  readonly working: number;
  readonly wins: number;
  readonly losses: number;
  /** Realised PnL of closed deals, in the quote currency. */
  readonly pnl: Decimal;
  /** Fees of every order of every deal, in the quote currency. */
  readonly fees: Decimal;
}

/** One bot's deals, when the config has several (`bots:`), with its budget per quote currency. */
export interface BotSummary extends Omit<PairSummary, 'symbol'> {
  readonly bot: string;
  readonly budget: Readonly<Record<string, string>>;
}

export interface TradingSummary {
  readonly pairs: readonly PairSummary[];
  /** Per bot when there are several; empty otherwise. */
  readonly bots: readonly BotSummary[];
  readonly total: Omit<PairSummary, 'symbol'>;
  readonly balances: Balances;
}

export function summarize(symbols: readonly string[], deals: readonly Deal[], balances: Balances, bots: readonly { readonly name: string; readonly budget: Readonly<Record<string, string>> }[] = []): TradingSummary {
  const pairs = symbols.map((symbol) => summarizePair(symbol, deals.filter((d) => d.symbol === symbol)));
  const total = pairs.reduce(
    (sum, p) => ({
      opened: sum.opened + p.opened,
      closed: sum.closed + p.closed,
      cancelled: sum.cancelled + p.cancelled,
      working: sum.working + p.working,
      wins: sum.wins + p.wins,
      losses: sum.losses + p.losses,
      pnl: sum.pnl.plus(p.pnl),
      fees: sum.fees.plus(p.fees),
    }),
    { opened: 0, closed: 0, cancelled: 0, working: 0, wins: 0, losses: 0, pnl: ZERO, fees: ZERO },
  );
  const perBot = bots.length < 2 ? [] : bots.map(({ name, budget }) => {
    const { symbol: _symbol, ...figures } = summarizePair(name, deals.filter((d) => d.bot === name));
    return { bot: name, budget, ...figures };
  });
  return { pairs, bots: perBot, total, balances };
}

function summarizePair(symbol: string, deals: readonly Deal[]): PairSummary {
  const t = tallyDeals(deals);
  return { symbol, opened: t.deals, closed: t.trades, cancelled: t.cancelled, working: t.working, wins: t.wins, losses: t.losses, pnl: t.pnl, fees: t.fees };
}
