interface DealEventBase {
  readonly occurredAt: number;
  readonly dealId: string;
  readonly symbol: string;
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
  readonly fees: string;
  readonly reason: string;
}

export interface DealCancelled extends DealEventBase {
  readonly type: 'DealCancelled';
  readonly reason: string;
}

export type DealEvent = DealOpened | DealBought | DealClosing | DealClosed | DealCancelled;
