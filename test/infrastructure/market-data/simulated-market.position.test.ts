import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dec } from '../../../src/domain/shared/decimal.js';
import type { Candle } from '../../../src/domain/shared/candle.js';
import { SimulatedClock } from '../../../src/infrastructure/clock/simulated.clock.js';
import { DurablePaperExchange } from '../../../src/infrastructure/exchange/paper/durable-paper.exchange.js';
import type { Book } from '../../../src/infrastructure/exchange/paper/paper-book.js';
import { SimulatedMarketPosition, type SimulatedMarketIdentity } from '../../../src/infrastructure/market-data/simulated-market.position.js';
import { marketFor } from '../../support/paper-harness.js';

const MINUTE = 60_000;
const START = Date.UTC(2024, 0, 1);
const IDENTITY: SimulatedMarketIdentity = {
  seed: 7,
  timeframe: '1m',
  startTime: START,
  symbols: [
    { symbol: 'BTC/USDT', startPrice: 100, priceStep: 0.01 },
    { symbol: 'ETH/USDT', startPrice: 50, priceStep: 0.01 },
  ],
};

const candleAt = (k: number, low = 99): Candle => ({ openTime: START + k * MINUTE, open: 100, high: 101, low, close: 100, volume: 1 });

function open(file: string, identity: SimulatedMarketIdentity = IDENTITY) {
  const position = new SimulatedMarketPosition(identity);
  const exchange = new DurablePaperExchange({ markets: [marketFor('BTC/USDT'), marketFor('ETH/USDT')], balances: { USDT: '1000' }, clock: new SimulatedClock(START) }, file, position);
  const sink = position.sink(exchange, (book: Book) => book.market.symbol);
  const show = (symbol: string, candle: Candle) => sink.onBookCandle(sink.bookOf(symbol)!, candle);
  return { position, exchange, show };
}

const tempFile = () => join(mkdtempSync(join(tmpdir(), 'dealbot-position-')), 'run.db.paper.json');

describe('SimulatedMarketPosition in the paper account file', () => {
  it('is written with the account on every candle; a restart resumes after the last candle every pair saw', () => {
    const file = tempFile();
    const first = open(file);
    expect(first.position.resumeFrom()).toBe(0);
    for (let k = 0; k < 5; k += 1) for (const symbol of ['BTC/USDT', 'ETH/USDT']) first.show(symbol, candleAt(k));
    first.show('BTC/USDT', candleAt(5)); // killed between the two pairs of candle 5
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { simulatedMarket: { lastOpenTimes: Record<string, number> } };
    expect(saved.simulatedMarket.lastOpenTimes).toEqual({ 'BTC/USDT': START + 5 * MINUTE, 'ETH/USDT': START + 4 * MINUTE });
    const second = open(file);
    expect(second.position.loaded).toBe(true);
    expect(second.position.resumeFrom()).toBe(5);
  });

  it('does not match a candle twice: a pair that already saw a candle skips the candle it saw when the stream resumes there', async () => {
    const file = tempFile();
    const first = open(file);
    await first.exchange.createOrder({ clientOrderId: 'dlb-a-b1', symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: dec('1'), price: dec('99') });
    first.show('BTC/USDT', candleAt(1, 99)); // fills the buy
    await first.exchange.createOrder({ clientOrderId: 'dlb-b-b1', symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: dec('1'), price: dec('99') });
    const second = open(file);
    second.show('BTC/USDT', candleAt(1, 99)); // the same candle again: already matched
    expect((await second.exchange.fetchOrder('BTC/USDT', 'dlb-b-b1'))?.status).toBe('open');
    second.show('BTC/USDT', candleAt(2, 99));
    expect((await second.exchange.fetchOrder('BTC/USDT', 'dlb-b-b1'))?.status).toBe('closed');
  });

  it('refuses a file made by another market or by no simulated market, and writes nothing over it', () => {
    const file = tempFile();
    open(file).show('BTC/USDT', candleAt(0));
    const text = readFileSync(file, 'utf8');
    expect(() => open(file, { ...IDENTITY, seed: 8 })).toThrow('it was made by a simulated market with seed 7; this run has 8');
    expect(() => open(file, { ...IDENTITY, timeframe: '5m' })).toThrow('timeframe 1m; this run has 5m');
    expect(() => open(file, { ...IDENTITY, startTime: START + MINUTE })).toThrow('startTime 2024-01-01T00:00:00.000Z; this run has 2024-01-01T00:01:00.000Z');
    expect(() => open(file, { ...IDENTITY, symbols: [{ symbol: 'BTC/USDT', startPrice: 200, priceStep: 0.01 }] })).toThrow('BTC/USDT startPrice/priceStep 100/0.01; this run has 200/0.01');
    expect(readFileSync(file, 'utf8')).toBe(text);
    const { simulatedMarket: _, ...account } = JSON.parse(text) as Record<string, unknown>;
    writeFileSync(file, JSON.stringify(account));
    expect(() => open(file)).toThrow('no simulated market position');
  });

  it('refuses to resume pairs more than one candle apart (a pair left out of earlier runs); a new pair joins at the others\' candle', () => {
    const file = tempFile();
    const btcOnly = open(file);
    for (let k = 0; k < 3; k += 1) btcOnly.show('BTC/USDT', candleAt(k));
    expect(open(file).position.resumeFrom()).toBe(3); // ETH never traded: it joins at candle 3
    const both = open(file);
    both.show('ETH/USDT', candleAt(0));
    expect(() => open(file).position.resumeFrom()).toThrow('ETH/USDT stands at candle 1 of the simulated market and BTC/USDT at candle 3');
  });
});
