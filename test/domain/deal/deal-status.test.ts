import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dealToSnapshot } from '../../../src/domain/deal/deal.snapshot.js';
import { DEAL_STATUSES, DEAL_TRANSITIONS, type DealStatus, type DealTransition } from '../../../src/domain/deal/deal-status.js';
import { Deal } from '../../../src/domain/deal/deal.entity.js';
import { InvalidTransitionError } from '../../../src/domain/shared/domain-error.js';
import { buyOrder, dealIn, performDeal } from './deal-fixtures.js';

/** DESIGN.md section 2, written out independently of the implementation's table. */
const ALLOWED: Record<DealStatus, Partial<Record<DealTransition, DealStatus>>> = {
  pending: { buy_filled: 'open', buy_ended_unfilled: 'cancelled' },
  open: { sold_out: 'closed', exit_triggered: 'closing' },
  closing: { sold_out: 'closed' },
  closed: {},
  cancelled: {},
};

describe('Deal transitions', () => {
  for (const status of DEAL_STATUSES) {
    for (const transition of DEAL_TRANSITIONS) {
      const expected = ALLOWED[status][transition];
      it(`${status} --${transition}--> ${expected ?? 'throws'}`, () => {
        const deal = dealIn(status);
        expect(deal.status).toBe(status);
        if (expected) {
          performDeal(deal, transition);
          expect(deal.status).toBe(expected);
          return;
        }
        const before = dealToSnapshot(deal);
        let thrown: unknown;
        try {
          performDeal(deal, transition);
        } catch (error) {
          thrown = error;
        }
        expect(thrown).toBeInstanceOf(InvalidTransitionError);
        expect((thrown as Error).message).toBe(`Deal d1 in status "${status}" cannot take transition "${transition}"`);
        expect(dealToSnapshot(deal)).toEqual(before);
      });
    }
  }

  it('follows the table over random sequences', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...DEAL_TRANSITIONS), { maxLength: 12 }), (sequence) => {
        const deal = Deal.open('d1', buyOrder(), 1_000);
        let status: DealStatus = 'pending';
        for (const transition of sequence) {
          const expected: DealStatus | undefined = ALLOWED[status][transition];
          if (expected) {
            performDeal(deal, transition);
            status = expected;
          } else {
            const before = dealToSnapshot(deal);
            expect(() => performDeal(deal, transition)).toThrow(InvalidTransitionError);
            expect(dealToSnapshot(deal)).toEqual(before);
          }
          expect(deal.status).toBe(status);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('closes with PnL = sell proceeds - buy cost - fees, exactly', () => {
    const deal = dealIn('closed');
    // bought 2 @ 100 (fee 0.2), sold 2 @ 101 (fee 0.202): 202 - 200 - 0.402
    expect(deal.pnl?.toString()).toBe('1.598');
    expect(deal.reason).toBe('profit_markup');
  });

  it('records its orders\' events and its own in the order they happened', () => {
    const deal = dealIn('closed');
    expect(deal.pullEvents().map((e) => e.type)).toEqual(['DealOpened', 'OrderPlaced', 'OrderFilled', 'DealBought', 'OrderPlaced', 'OrderFilled', 'DealClosed']);
    expect(deal.pullEvents()).toEqual([]);
  });
});
