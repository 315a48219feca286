interface DealEventBase {
  readonly occurredAt: number;
  readonly dealId: string;
  readonly symbol: string;
  /** The deal's bot; absent for the default bot (docs/trading-rules.md, "Bots"). */
  readonly bot?: string;
}

export interface DealOpened extends DealEventBase {
  readonly type: 'DealOpened';
  readonly buyOrderId: string;
  readonly price: string;
  readonly amount: string;
}

export interface DealBought extends DealEventBase {
  readonly type: 'DealBought';
  readonly amount: string;
  readonly averagePrice: string;
  readonly sellOrderId: string | null;
}

export interface DealClosing extends DealEventBase {
  readonly type: 'DealClosing';
  readonly reason: string;
}

export interface DealClosed extends DealEventBase {
  readonly type: 'DealClosed';
  readonly pnl: string;
  /** Every fee valued in quote where a value was known. */
  readonly fees: string;
  readonly reason: string;
  /** Present when something was left that no order could sell: that amount of the base currency. */
  readonly dust?: string;
  /** Present when fees were paid in a currency no price was known for: amount by currency. */
  readonly unpricedFees?: Readonly<Record<string, string>>;
}

/** The deal cannot go on by itself; an operator must act (the reason says why). */
export interface DealWaiting extends DealEventBase {
  readonly type: 'DealWaiting';
  readonly reason: string;
}

export interface DealCancelled extends DealEventBase {
  readonly type: 'DealCancelled';
  readonly reason: string;
}

export type DealEvent = DealOpened | DealBought | DealClosing | DealClosed | DealCancelled | DealWaiting;
