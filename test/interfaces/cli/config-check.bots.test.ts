import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configCheckCommand } from '../../../src/interfaces/cli/config-check.command.js';

const EXAMPLE = resolve(import.meta.dirname, '../../../config/bots.example.yaml');

describe('config check with bots', () => {
  it('shows each bot with its budget, its strategy and its pairs (the shipped example)', () => {
    const lines = configCheckCommand(EXAMPLE, {}).split('\n');
    expect(lines[0]).toBe(`${EXAMPLE}: OK, paper mode, 2 pairs (ETH/BTC, ADA/BTC), 5m candles`);
    expect(lines.slice(1, 3)).toEqual(['bot dca-eth: budget 0.2 BTC; RSI 14 / MACD 12,26,9; pairs ETH/BTC', 'bot ada-rule: budget 0.1 BTC; rule: rsi(14) < 35; pairs ADA/BTC']);
    expect(lines[3]).toMatch(/^ETH\/BTC: DCA, max budget for this pair/);
  });
});
