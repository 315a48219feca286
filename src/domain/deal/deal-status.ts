import { InvalidTransitionError } from '../shared/domain-error.js';

export const DEAL_STATUSES = ['pending', 'open', 'closing', 'closed', 'cancelled'] as const;
export type DealStatus = (typeof DEAL_STATUSES)[number];

export const DEAL_TRANSITIONS = ['buy_filled', 'buy_ended_unfilled', 'exit_triggered', 'sold_out'] as const;
export type DealTransition = (typeof DEAL_TRANSITIONS)[number];

/** The one table of deal status changes: (status, transition) -> next status. */
const TABLE: Readonly<Record<DealStatus, Partial<Record<DealTransition, DealStatus>>>> = {
  pending: {
    buy_filled: 'open', // the buy filled (fully, or partly before it ended); the sell is placed
    buy_ended_unfilled: 'cancelled', // the buy was cancelled, expired or rejected with nothing filled
  },
  open: {
    sold_out: 'closed', // the resting sell filled: profit taken
    exit_triggered: 'closing', // an exit rule or the operator replaces the sell with a market sell
  },
  closing: {
    sold_out: 'closed', // the exit sell filled
  },
  closed: {},
  cancelled: {},
};

export function isFinalDealStatus(status: DealStatus): boolean {
  return status === 'closed' || status === 'cancelled';
}

export function nextDealStatus(dealId: string, status: DealStatus, transition: DealTransition): DealStatus {
  const next = TABLE[status][transition];
  if (next === undefined) throw new InvalidTransitionError('Deal', dealId, status, transition);
  return next;
}
