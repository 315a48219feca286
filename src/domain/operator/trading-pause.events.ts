/**
 * New deals were paused on one pair (or, with a null symbol, on every pair): by the operator,
 * or by a panic sell's cool-down. Working deals go on.
 */
export interface TradingPaused {
  readonly type: 'TradingPaused';
  readonly occurredAt: number;
  /** The pair, or null for every pair. */
  readonly symbol: string | null;
  /** When the pause ends by itself (ms since the epoch), or null: until resumed. */
  readonly until: number | null;
  readonly reason: string;
}

/** The pause of one pair (or, with a null symbol, every pause) was lifted: new deals may open again. */
export interface TradingResumed {
  readonly type: 'TradingResumed';
  readonly occurredAt: number;
  /** The pair, or null for every pair. */
  readonly symbol: string | null;
}

export type TradingPauseEvent = TradingPaused | TradingResumed;
