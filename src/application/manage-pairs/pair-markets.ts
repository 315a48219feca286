import type { MarketRules } from '../../domain/shared/market-rules.js';

/** Where a pair added at runtime gets the market rules it trades with; chosen by the composition. */
export interface PairMarkets {
  /**
   * The rules of `symbol`'s market, with the exchange made ready to trade it (a paper exchange
   * opens its book). Throws the domain's ValidationError (field `symbol`) when this market
   * cannot trade it.
   */
  marketFor(symbol: string): Promise<MarketRules>;
}
