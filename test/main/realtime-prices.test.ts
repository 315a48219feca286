import { afterEach, describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../src/infrastructure/config/config.loader.js';
import { FanoutPublisher } from '../../src/infrastructure/events/fanout.publisher.js';
import type { TradingSession } from '../../src/interfaces/cli/session.js';
import { composeRealtimeSession } from '../../src/main/realtime.js';
import { BinanceSim, type SimRequest } from '../support/binance-sim/binance-sim.js';
import { waitFor } from '../support/binance-sim/manual-time.js';
import { RT_MARKETS, tempDir, writeBotConfig, type BotPairConfig } from '../support/realtime/bot-config.js';
import { DUMMY_KEYS } from '../support/realtime/bot-process.js';
import { MinuteScript } from '../support/realtime/minute-script.js';

const SYMBOL = 'BTC/USDT';
const LEVEL = 60_000;
/** The minute on which QUICK_STRATEGY says BULLISH over the script's cycle (close at -3 %). */
const SIGNAL = 5;

interface Rig {
  readonly sim: BinanceSim;
  readonly script: MinuteScript;
  readonly session: TradingSession;
  /** Exit checks the loop ran on realtime prices (calls of onTicker). */
  readonly checks: () => number;
  close(): Promise<void>;
}

let rig: Rig | undefined;

afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

/** Live trading of BTC/USDT on the local server, composed in this process as `dealbot run --mode live` does. */
async function liveRig(pair: Partial<BotPairConfig>, mode: 'live' | 'paper' = 'live'): Promise<Rig> {
  const sim = await BinanceSim.start({ markets: RT_MARKETS, balances: { USDT: '10000' }, credentials: { apiKey: DUMMY_KEYS.apiKey, secret: DUMMY_KEYS.secret } });
  const dir = tempDir();
  const pairs: BotPairConfig[] = [{ symbol: SYMBOL, dealQuota: '500', profitMarkup: '0.01', dealCount: 1, orderLifeTime: 600, ...pair }];
  // the bot's own market sells on the ticker, as on exchanges that hold no stops (oco-stops.test.ts: Binance's OCO lists)
  const config = loadConfigFile(writeBotConfig(dir.path, { urls: sim.urls.api, database: `sqlite:${dir.path}/state.db`, mode, pairs, stopsOnExchange: false }));
  const script = new MinuteScript(sim, { [SYMBOL]: LEVEL });
  script.pushHistory(-30, 0);
  const session = await composeRealtimeSession(config, new FanoutPublisher(), mode === 'live' ? { credentials: DUMMY_KEYS } : {});
  let checks = 0;
  const onTicker = session.loop.onTicker.bind(session.loop);
  session.loop.onTicker = (symbol, price, at) => {
    checks += 1;
    return onTicker(symbol, price, at);
  };
  const controller = new AbortController();
  const running = session.loop.run(controller.signal);
  await waitFor(() => sim.streamStats.subscriptions === 1, 'the kline subscription', 20_000);
  return {
    sim,
    script,
    session,
    checks: () => checks,
    async close() {
      controller.abort();
      await running.catch(() => undefined);
      await session.close();
      await sim.stop();
      dir.remove();
    },
  };
}

const orders = (sim: BinanceSim, side: 'BUY' | 'SELL', type?: string) => sim.requests('createOrder').filter((r) => r.params['side'] === side && (type === undefined || r.params['type'] === type));

/** Streams minutes 0..SIGNAL+1 and waits for the deal to be open: buy filled on minute 6, its limit sell resting. */
async function openDeal(r: Rig): Promise<void> {
  for (let k = 0; k <= SIGNAL; k += 1) r.script.step(k);
  await waitFor(() => orders(r.sim, 'BUY').length === 1, 'the buy', 10_000);
  const ticks = r.session.loop.stats.ticks;
  r.script.step(SIGNAL + 1);
  await waitFor(() => orders(r.sim, 'SELL', 'LIMIT').length >= 1, 'the take-profit sell', 10_000);
  // the buy's fill is pushed before the candle's kline, so its sell may go out before the loop takes that candle's tick
  await waitFor(() => r.session.loop.stats.ticks > ticks, 'the tick of the candle that filled the buy', 10_000);
  // prices are watched while a deal works (checked every 2 s while none does)
  await waitFor(() => r.sim.streamStats.tickers === 1, 'the ticker subscription', 5_000);
}

/** A trade at `price` between candle closes; the server's time of its ticker message. */
function tradeAt(r: Rig, price: number): number {
  r.sim.trade(SYMBOL, price);
  return r.sim.tickersSent().at(-1)!.at;
}

async function marketSell(r: Rig, timeoutMs = 5_000): Promise<SimRequest> {
  await waitFor(() => orders(r.sim, 'SELL', 'MARKET').length === 1, 'the market sell', timeoutMs);
  return orders(r.sim, 'SELL', 'MARKET')[0]!;
}

async function dealOf(r: Rig) {
  const deals = await r.session.readDeals();
  expect(deals).toHaveLength(1);
  return deals[0]!;
}

describe('live exits on the ticker stream, between candle closes', () => {
  it('a price through the stop loss is sold at market within 1 s of the ticker message, before the next candle closes', async () => {
    rig = await liveRig({ exits: { stopLoss: '0.02' } });
    await openDeal(rig);
    const deal = await dealOf(rig);
    const fill = deal.buyOrder.average!.toNumber();
    const ticksBefore = rig.session.loop.stats.ticks;
    // within minute 7: a price above the stop, then one through it
    tradeAt(rig, Math.round(fill * 0.99));
    const sentAt = tradeAt(rig, Math.round(fill * 0.97));
    const sell = await marketSell(rig);
    expect(sell.at - sentAt).toBeLessThanOrEqual(1_000);
    expect(sell.at).toBeGreaterThanOrEqual(sentAt);
    // no candle closed in between: the ticker did it
    expect(rig.session.loop.stats.ticks).toBe(ticksBefore);
    rig.script.step(SIGNAL + 2);
    await expect.poll(async () => (await dealOf(rig!)).status, { timeout: 10_000 }).toBe('closed');
    expect((await dealOf(rig)).reason).toBe('stop_loss');
  }, 60_000);

  it('a trailing stop rises with ticker highs and sells when the price falls back through it', async () => {
    rig = await liveRig({ profitMarkup: '0.2', exits: { trailingStop: { activation: '0.01', distance: '0.01' } } });
    await openDeal(rig);
    const fill = (await dealOf(rig)).buyOrder.average!.toNumber();
    for (const rise of [1.012, 1.02, 1.03]) tradeAt(rig, Math.round(fill * rise));
    const high = Math.round(fill * 1.03);
    await expect.poll(async () => (await dealOf(rig!)).highWaterMark?.toNumber(), { timeout: 5_000 }).toBe(high);
    // 1 % under the high is the stop: just above it holds, under it sells
    tradeAt(rig, Math.round(high * 0.992));
    const sentAt = tradeAt(rig, Math.round(high * 0.985));
    const sell = await marketSell(rig);
    expect(sell.at - sentAt).toBeLessThanOrEqual(1_000);
    expect((await dealOf(rig)).highWaterMark?.toNumber()).toBe(high);
  }, 60_000);

  it('with the streams dropped, REST polling still sells, within the poll interval', async () => {
    rig = await liveRig({ exits: { stopLoss: '0.02' } });
    await openDeal(rig);
    const fill = (await dealOf(rig)).buyOrder.average!.toNumber();
    rig.sim.dropStreams({ refuse: true });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const tradedAt = tradeAt(rig, Math.round(fill * 0.97));
    const sell = await marketSell(rig, 10_000);
    const poll = rig.sim.requests('ticker24hr').find((r) => r.at >= tradedAt);
    expect(poll).toBeDefined();
    expect(sell.at).toBeGreaterThanOrEqual(poll!.at);
    // the 2 s poll interval, plus the cancel of the resting sell and the sell itself (1.3 s seen)
    expect(sell.at - tradedAt).toBeLessThanOrEqual(3_500);
  }, 60_000);

  it('1000 ticker messages in a burst cause a bounded number of checks, and the deal follows the newest price', async () => {
    rig = await liveRig({ profitMarkup: '0.2', exits: { trailingStop: { activation: '0.01', distance: '0.01' } } });
    await openDeal(rig);
    const fill = (await dealOf(rig)).buyOrder.average!.toNumber();
    const checksBefore = rig.checks();
    // rising prices: without coalescing each one would be a check that saves a new high
    for (let i = 1; i <= 1000; i += 1) rig.sim.trade(SYMBOL, Math.round(fill * 1.02) + i);
    const newest = Math.round(fill * 1.02) + 1000;
    await expect.poll(async () => (await dealOf(rig!)).highWaterMark?.toNumber(), { timeout: 10_000 }).toBe(newest);
    const checks = rig.checks() - checksBefore;
    expect(checks).toBeGreaterThanOrEqual(1);
    expect(checks).toBeLessThanOrEqual(25);
  }, 60_000);

  it('no deal working, no ticker subscription: it comes with the first deal and goes once the last one closed', async () => {
    rig = await liveRig({ exits: { stopLoss: '0.02' } });
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(rig.sim.streamStats.tickers).toBe(0);
    await openDeal(rig);
    const fill = (await dealOf(rig)).buyOrder.average!.toNumber();
    tradeAt(rig, Math.round(fill * 0.97));
    await marketSell(rig);
    rig.script.step(SIGNAL + 2);
    await expect.poll(async () => (await dealOf(rig!)).status, { timeout: 10_000 }).toBe('closed');
    // the watcher lets the subscription go at its next message
    rig.sim.trade(SYMBOL, fill);
    await waitFor(() => rig!.sim.streamStats.tickers === 0, 'the ticker subscription to go', 5_000);
  }, 60_000);

  it('paper trading on the exchange subscribes no ticker: its exits keep the candle semantics of the paper exchange', async () => {
    rig = await liveRig({ exits: { stopLoss: '0.02' } }, 'paper');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(rig.sim.streamStats.tickers).toBe(0);
    expect(rig.sim.requests('ticker24hr')).toEqual([]);
  }, 60_000);
});
