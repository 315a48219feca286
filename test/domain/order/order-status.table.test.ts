import { describe, expect, it } from 'vitest';
import { FINAL_ORDER_STATUSES, isFinalOrderStatus, nextOrderStatus, ORDER_STATUSES, ORDER_TRANSITIONS_NAMES } from '../../../src/domain/order/order-status.js';
import { InvalidTransitionError } from '../../../src/domain/shared/domain-error.js';

describe('order status table', () => {
  it('names the eight order statuses and seven transitions of DESIGN.md section 2', () => {
    expect(ORDER_STATUSES).toEqual(['new', 'open', 'partially_filled', 'closed', 'canceled', 'expired', 'rejected', 'unknown']);
    expect(ORDER_TRANSITIONS_NAMES).toEqual(['accept', 'fill_partial', 'fill_complete', 'cancel', 'expire', 'reject', 'lose']);
  });

  it('closed, canceled, expired and rejected are final; new, open, partially filled and unknown are not', () => {
    expect(ORDER_STATUSES.filter(isFinalOrderStatus)).toEqual(['closed', 'canceled', 'expired', 'rejected']);
    expect([...FINAL_ORDER_STATUSES].sort()).toEqual(['canceled', 'closed', 'expired', 'rejected']);
  });

  it('nextOrderStatus throws an InvalidTransitionError naming order, status and transition', () => {
    expect(nextOrderStatus('o1', 'unknown', 'reject')).toBe('rejected');
    let thrown: unknown;
    try {
      nextOrderStatus('o1', 'partially_filled', 'reject');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidTransitionError);
    expect(thrown).toMatchObject({ entity: 'Order', entityId: 'o1', status: 'partially_filled', transition: 'reject' });
    expect((thrown as Error).message).toBe('Order o1 in status "partially_filled" cannot take transition "reject"');
  });
});
