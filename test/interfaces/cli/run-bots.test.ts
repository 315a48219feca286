import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dealbotOutput } from '../../support/cli.js';

const pair = (symbol: string, startPrice: number, quota = '100') => `      - { symbol: ${symbol}, dealQuota: "${quota}", profitMarkup: "0.01", dealCount: 3, orderLifeTime: 600, paperMarket: { startPrice: ${startPrice}, priceStep: "0.01", amountStep: "0.0001" } }\n`;

const CONFIG = `database: "sqlite::memory:"
windowSize: 50
market: { source: simulated, seed: 3 }
strategy: { rsiBuyBelow: 60 }
paper: { balances: { USDT: "10000" } }
bots:
  - name: dca-majors
    dca: { baseOrder: "20", safetyOrder: "20", maxSafetyOrders: 3, deviation: "0.01", stepScale: "1.5", volumeScale: "2", takeProfit: "0.01" }
    budget: { USDT: "400" }
    pairs:
${pair('BTC/USDT', 30000, '160')}
  - name: rsi-alts
    budget: { USDT: "150" }
    pairs:
${pair('ETH/USDT', 2000)}${pair('SOL/USDT', 100)}
  - name: rule-bot
    strategy: { rule: "rsi(14) < 45" }
    budget: { USDT: "250" }
    pairs:
${pair('XRP/USDT', 5)}`;

interface RunJson {
  bots?: { bot: string; budget: Record<string, string>; opened: number; pnl: string }[];
  total: { opened: number };
}

describe('dealbot run with bots', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dealbot-run-bots-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'bots.yaml'), CONFIG);

  it('paper-trades every bot and sums up each one with its budget', () => {
    const summary = JSON.parse(dealbotOutput(['run', '-c', join(dir, 'bots.yaml'), '--candles', '1500', '--pace', '0', '--json', '-q'])) as RunJson;
    expect((summary.bots ?? []).map((b) => [b.bot, b.budget])).toEqual([
      ['dca-majors', { USDT: '400' }],
      ['rsi-alts', { USDT: '150' }],
      ['rule-bot', { USDT: '250' }],
    ]);
    for (const bot of summary.bots ?? []) expect(bot.opened, bot.bot).toBeGreaterThan(0);
    expect((summary.bots ?? []).reduce((n, b) => n + b.opened, 0)).toBe(summary.total.opened);
  });
});
