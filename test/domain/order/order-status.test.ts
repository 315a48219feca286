import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ORDER_STATUSES, ORDER_TRANSITIONS_NAMES, type OrderStatus, type OrderTransition } from '../../../src/domain/order/order-status.js';
import { InvalidTransitionError } from '../../../src/domain/shared/domain-error.js';
import { newOrder, orderIn, perform } from './order-fixtures.js';

/** DESIGN.md section 2, written out independently of the implementation's table. */
const ALLOWED: Record<OrderStatus, Partial<Record<OrderTransition, OrderStatus>>> = {
  new: { accept: 'open', reject: 'rejected', cancel: 'canceled', lose: 'unknown' },
  open: { fill_partial: 'partially_filled', fill_complete: 'closed', cancel: 'canceled', expire: 'expired', reject: 'rejected' },
  partially_filled: { fill_partial: 'partially_filled', fill_complete: 'closed', cancel: 'canceled', expire: 'expired' },
  unknown: { accept: 'open', fill_partial: 'partially_filled', fill_complete: 'closed', cancel: 'canceled', expire: 'expired', reject: 'rejected' },
  closed: {},
  canceled: {},
  expired: {},
  rejected: {},
};

describe('Order transitions', () => {
  for (const status of ORDER_STATUSES) {
    for (const transition of ORDER_TRANSITIONS_NAMES) {
      const expected = ALLOWED[status][transition];
      it(`${status} --${transition}--> ${expected ?? 'throws'}`, () => {
        const order = orderIn(status);
        expect(order.status).toBe(status);
        if (expected) {
          perform(order, transition);
          expect(order.status).toBe(expected);
        } else {
          const before = order.toSnapshot();
          let thrown: unknown;
          try {
            perform(order, transition);
          } catch (error) {
            thrown = error;
          }
          expect(thrown).toBeInstanceOf(InvalidTransitionError);
          expect((thrown as Error).message).toContain(`Order ${order.id}`);
          expect((thrown as Error).message).toContain(`"${status}"`);
          // a fill on a finished order has no "rest" to complete: either fill label names it
          expect((thrown as Error).message).toContain(transition.startsWith('fill') ? '"fill_' : `"${transition}"`);
          expect(order.toSnapshot()).toEqual(before);
        }
      });
    }
  }

  it('follows the table over random event sequences and never changes on a refused one', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...ORDER_TRANSITIONS_NAMES), { maxLength: 25 }), (sequence) => {
        const order = newOrder();
        let status: OrderStatus = 'new';
        for (const transition of sequence) {
          const expected: OrderStatus | undefined = ALLOWED[status][transition];
          const before = order.toSnapshot();
          if (expected) {
            perform(order, transition);
            status = expected;
          } else {
            expect(() => perform(order, transition)).toThrow(InvalidTransitionError);
            expect(order.toSnapshot()).toEqual(before);
          }
          expect(order.status).toBe(status);
          expect(order.filled.lte(order.amount)).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });
});
