import { describe, expect, it } from 'vitest';
import { MAX_RULE_DEPTH, parseRule } from '../../../../src/domain/services/rules/rule.parser.js';
import { RuleStrategy } from '../../../../src/domain/services/rules/rule.strategy.js';
import { ValidationError } from '../../../../src/domain/shared/domain-error.js';

const refusal = (rule: string): ValidationError => {
  try {
    parseRule(rule);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error(`"${rule.slice(0, 40)}..." was accepted`);
};

describe('rule nesting depth', () => {
  it('accepts a rule nested up to the bound, and evaluates it', () => {
    const rule = `${'('.repeat(MAX_RULE_DEPTH)}close > 1${')'.repeat(MAX_RULE_DEPTH)}`;
    expect(parseRule(rule)).toMatchObject({ kind: 'compare' });
    expect(new RuleStrategy(rule).forPair().onCandle({ openTime: 0, open: 2, high: 2, low: 2, close: 2, volume: 1 })).toBe('BULLISH');
  });

  it('refuses parentheses, nots, crossovers and and-chains 20,000 deep with the field and the column, not a stack overflow', () => {
    const cases = [
      `${'('.repeat(20_000)}close > 1${')'.repeat(20_000)}`,
      `${'not '.repeat(20_000)}close > 1`,
      `${'crossover('.repeat(20_000)}close${', close)'.repeat(20_000)}`,
      Array(20_000).fill('close > 1').join(' and '),
      Array(20_000).fill('close > 1').join(' or '),
    ];
    for (const rule of cases) {
      const error = refusal(rule);
      expect(error.field).toBe('strategy.rule');
      expect(error.rule).toMatch(new RegExp(`^nested more than ${MAX_RULE_DEPTH} deep at column \\d+$`));
    }
  });

  it('names the column where the bound is crossed', () => {
    expect(refusal(`${'('.repeat(MAX_RULE_DEPTH + 1)}close > 1${')'.repeat(MAX_RULE_DEPTH + 1)}`).rule).toBe(`nested more than ${MAX_RULE_DEPTH} deep at column ${MAX_RULE_DEPTH + 1}`);
  });
});
