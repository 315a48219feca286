import { describe, expect, it } from 'vitest';
import { DEAL_STATUSES, DEAL_TRANSITIONS, isFinalDealStatus, nextDealStatus } from '../../../src/domain/deal/deal-status.js';
import { InvalidTransitionError } from '../../../src/domain/shared/domain-error.js';

describe('deal status table', () => {
  it('names the five deal statuses and four transitions of DESIGN.md section 2', () => {
    expect(DEAL_STATUSES).toEqual(['pending', 'open', 'closing', 'closed', 'cancelled']);
    expect(DEAL_TRANSITIONS).toEqual(['buy_filled', 'buy_ended_unfilled', 'exit_triggered', 'sold_out']);
  });

  it('only closed and cancelled deals are final', () => {
    expect(DEAL_STATUSES.filter(isFinalDealStatus)).toEqual(['closed', 'cancelled']);
  });

  it('nextDealStatus answers the table and throws an InvalidTransitionError naming deal, status and transition', () => {
    expect(nextDealStatus('d7', 'pending', 'buy_filled')).toBe('open');
    expect(nextDealStatus('d7', 'closing', 'sold_out')).toBe('closed');
    let thrown: unknown;
    try {
      nextDealStatus('d7', 'closing', 'exit_triggered');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidTransitionError);
    expect(thrown).toMatchObject({ entity: 'Deal', entityId: 'd7', status: 'closing', transition: 'exit_triggered', code: 'INVALID_TRANSITION', name: 'InvalidTransitionError' });
  });
});
