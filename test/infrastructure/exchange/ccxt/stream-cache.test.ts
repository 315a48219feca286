import { afterEach, expect, it } from 'vitest';
import { STREAM_CANDLES_KEPT } from '../../../../src/infrastructure/exchange/ccxt/capabilities.js';
import type { CcxtClient } from '../../../../src/infrastructure/exchange/ccxt/ccxt-client.js';
import type { CcxtExchange } from '../../../../src/infrastructure/exchange/ccxt/ccxt-exchange.js';
import type { BinanceSim } from '../../../support/binance-sim/binance-sim.js';
import { connectorFor, startSim } from './ccxt.fixtures.js';
import { waitFor } from '../../../support/binance-sim/manual-time.js';

let sim: BinanceSim | undefined;
let connector: CcxtExchange | undefined;
let client: CcxtClient | undefined;
afterEach(async () => {
  await client?.close();
  await connector?.close();
  await sim?.stop();
});


const T0 = Date.UTC(2024, 0, 1);
const candle = (k: number) => ({ openTime: T0 + k * 60_000, open: 100 + k, high: 101 + k, low: 99 + k, close: 100.5 + k, volume: 1 });

it(`the websocket client keeps the newest ${STREAM_CANDLES_KEPT} candles per symbol, not ccxt's 1000`, async () => {
  sim = await startSim();
  connector = await connectorFor(sim);
  client = await connector.streamClient();
  const rows = (): number[][] => (client!.ohlcvs as Record<string, Record<string, number[][]> | undefined>)['BTC/USDT']?.['1m'] ?? [];
  void client.watchOHLCVForSymbols([['BTC/USDT', '1m']]).catch(() => undefined);
  await waitFor(() => sim!.streamStats.subscriptions === 1, 'the kline subscription');
  for (let k = 0; k < 60; k += 1) sim.pushCandle('BTC/USDT', candle(k));
  await waitFor(() => rows().at(-1)?.[0] === candle(59).openTime, 'the last candle in the cache');
  expect(rows().map((r) => r[0])).toEqual(Array.from({ length: STREAM_CANDLES_KEPT }, (_, i) => candle(60 - STREAM_CANDLES_KEPT + i).openTime));
});

it('a websocket client shares the connector\'s markets (one copy, not one per stream) and streams with them', async () => {
  sim = await startSim();
  connector = await connectorFor(sim);
  await connector.loadMarkets();
  client = await connector.streamClient();
  const second = await connector.streamClient();
  try {
    expect(second.markets).toBe(client.markets);
    expect(second.markets_by_id).toBe(client.markets_by_id);
    expect(client.market('BTC/USDT').id).toBe('BTCUSDT');
  } finally {
    await second.close();
  }
  const rows = (): number[][] => (client!.ohlcvs as Record<string, Record<string, number[][]> | undefined>)['BTC/USDT']?.['1m'] ?? [];
  void client.watchOHLCVForSymbols([['BTC/USDT', '1m']]).catch(() => undefined);
  await waitFor(() => sim!.streamStats.subscriptions === 1, 'the kline subscription');
  sim.pushCandle('BTC/USDT', candle(0));
  await waitFor(() => rows().length === 1, 'the candle in the cache');
  expect(rows()[0]![0]).toBe(candle(0).openTime);
});
