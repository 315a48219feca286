import { describe, expect, it } from 'vitest';
import { DomainError, InvalidTransitionError, ValidationError } from '../../../src/domain/shared/domain-error.js';

describe('domain errors: named and coded by how the bot reacts', () => {
  it('DomainError carries its message and code', () => {
    const error = new DomainError('Order o1: amount must be > 0', 'ORDER_AMOUNT');
    expect([error.name, error.code, error.message, error instanceof Error]).toEqual(['DomainError', 'ORDER_AMOUNT', 'Order o1: amount must be > 0', true]);
  });

  it('InvalidTransitionError names the entity, its id, status and the refused transition', () => {
    const error = new InvalidTransitionError('Deal', 'd1', 'closed', 'sold_out');
    expect([error.name, error.code, error.message]).toEqual(['InvalidTransitionError', 'INVALID_TRANSITION', 'Deal d1 in status "closed" cannot take transition "sold_out"']);
    expect(error).toBeInstanceOf(DomainError);
  });

  it('ValidationError names the field and the rule', () => {
    const error = new ValidationError('pairs[0].dealQuota', 'must be > 0, got 0');
    expect([error.name, error.code, error.message, error.field, error.rule]).toEqual(['ValidationError', 'VALIDATION', 'pairs[0].dealQuota: must be > 0, got 0', 'pairs[0].dealQuota', 'must be > 0, got 0']);
    expect(error).toBeInstanceOf(DomainError);
  });
});
