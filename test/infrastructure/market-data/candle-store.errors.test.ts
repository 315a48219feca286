import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CandleDataError } from '../../../src/infrastructure/market-data/candle-rules.js';
import { CandleStore } from '../../../src/infrastructure/market-data/candle-store/candle-store.js';

const CANDLES = [0, 1, 2].map((i) => ({ openTime: Date.UTC(2024, 0, 1) + i * 60_000, open: 1, high: 2, low: 0.5, close: 1.5, volume: 1 }));

async function failure(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CandleDataError);
  const message = (error as Error).message;
  expect(message).not.toContain('\n');
  return message;
}

describe('candle store file errors', () => {
  it('a store under a file: names the path and the cause, writes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dealbot-store-'));
    writeFileSync(join(dir, 'blocker'), 'a file');
    const store = new CandleStore(join(dir, 'blocker', 'candles'));
    expect(await failure(store.write('ETH/BTC', '1m', CANDLES))).toMatch(new RegExp(`blocker/candles/ETH_BTC-1m\\.candles: cannot read: a part of the path is not a folder \\(ENOTDIR\\)$`));
    expect(readdirSync(dir)).toEqual(['blocker']);
  });

  it('a store path that is a file cannot be listed: names it and the cause', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dealbot-store-'));
    writeFileSync(join(dir, 'f'), 'a file');
    expect(await failure(new CandleStore(join(dir, 'f')).list())).toBe(`${join(dir, 'f')}: cannot list the candle store: a part of the path is not a folder (ENOTDIR)`);
  });

  it('a folder where the series file would go: cannot write, nothing stored', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dealbot-store-'));
    const store = new CandleStore(dir);
    const series = join(dir, 'ETH_BTC-1m.candles');
    mkdirSync(series);
    expect(await failure(store.write('ETH/BTC', '1m', CANDLES))).toMatch(/ETH_BTC-1m\.candles: cannot read: it is a folder \(EISDIR\)$/);
    expect(readdirSync(dir)).toEqual(['ETH_BTC-1m.candles']);
  });
});
