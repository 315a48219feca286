import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cancelDeal } from '../../../../src/application/cancel-deal/cancel-deal.use-case.js';
import { closeDeal } from '../../../../src/application/close-deal/close-deal.use-case.js';
import { panicSell } from '../../../../src/application/panic-sell/panic-sell.use-case.js';
import { pauseNewDeals, resumeNewDeals } from '../../../../src/application/pause-deals/pause-deals.use-case.js';
import type { Candle } from '../../../../src/domain/shared/candle.js';
import { parseEventEnvelope } from '../../../../src/infrastructure/events/contract/index.js';
import { toEnvelope, type EventEnvelope, type StoredEvent } from '../../../../src/infrastructure/events/event-envelope.js';
import { candle, ScriptedStrategy } from '../../../support/paper-harness.js';
import { sqliteSession, type SessionPair } from './sqlite-session.js';

const BTC: SessionPair = { dealQuota: '100', profitMarkup: '0.01', dealCount: 1, orderLifeTime: 600 };
const minute = (m: number): number => m * 60_000;
/** Candle 0 is BULLISH: a limit buy of 1 @ 100 at 00:01 that candle 1 fills; the take-profit sell (101) goes out at 00:02. */
const BOUGHT: readonly Candle[] = [candle(0, { c: 100 }), candle(1, { o: 100.5, h: 100.8, l: 99.8, c: 100.2 })];
const FLAT = [...BOUGHT, candle(2, { o: 100.3, h: 100.5, l: 100.1, c: 100.4 }), candle(3, { o: 100.2, c: 100.4 }), candle(4, { o: 100.1, c: 100.3 })];
const UNFILLED = [candle(0, { c: 100 }), candle(1, { o: 100.5, h: 100.8, l: 100.2, c: 100.6 }), candle(2, { o: 100.6, c: 100.7 }), candle(3, { o: 100.6, c: 100.7 })];
const BULLISH_AT_0 = new ScriptedStrategy({ 'BTC/USDT': [0] });

/** What every scenario stored in its outbox, in commit order. */
const stored: StoredEvent[] = [];
let folder = '';

async function record(session: Awaited<ReturnType<typeof sqliteSession>>, during: (time: number) => Promise<unknown> = async () => {}): Promise<void> {
  for await (const time of session.ticks()) await during(time);
  stored.push(...(await session.stored()));
  await session.close();
}

/** The envelope as it travels: JSON text, read back. */
const wire = (envelope: EventEnvelope): unknown => JSON.parse(JSON.stringify(envelope));

describe('the contract against the events a paper session really stores in its outbox (SQLite)', () => {
  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'dealbot-contract-'));
    const btc = (name: string, candles: readonly Candle[], pair: SessionPair = BTC, stopOrders = true) => sqliteSession(folder, name, { 'BTC/USDT': pair }, { 'BTC/USDT': candles }, BULLISH_AT_0, stopOrders);
    // bought, then the take-profit sell at 101 fills: closed by profit_markup
    await record(await btc('take-profit', [...BOUGHT, candle(2, { o: 100.5, h: 101.5, l: 100.2, c: 101 }), candle(3, { c: 101 })]));
    // an exchange without stop orders: the close crosses the 5 % stop, the bot cancels the sell and sells at market
    await record(await btc('stop-loss', [...BOUGHT, candle(2, { o: 100.2, h: 100.5, l: 93, c: 94 }), candle(3, { o: 94, c: 94 }), candle(4, { c: 94 })], { ...BTC, exits: { stopLoss: '0.05' } }, false));
    // the operator pauses, resumes, closes the deal at market, then panic-sells with a cool-down (nothing left to close)
    const operated = await btc('operator-close', FLAT);
    await record(operated, async (time) => {
      if (time === minute(1)) await operated.loop.operate((desk) => pauseNewDeals(desk, { symbol: 'BTC/USDT', reason: 'maintenance' }));
      if (time === minute(2)) {
        await operated.loop.operate((desk) => resumeNewDeals(desk, { symbol: 'BTC/USDT' }));
        await operated.loop.operate((desk) => closeDeal(desk, { dealId: 't0001' }));
      }
      if (time === minute(4)) await operated.loop.operate((desk) => panicSell(desk, { until: minute(30) }));
    });
    // the operator cancels a pending deal
    const cancelled = await btc('operator-cancel', UNFILLED);
    await record(cancelled, async (time) => {
      if (time === minute(1)) await cancelled.loop.operate((desk) => cancelDeal(desk, { dealId: 't0001' }));
    });
    // the buy outlives its orderLifeTime unfilled: expired by the bot
    await record(await btc('buy-expired', UNFILLED, { ...BTC, orderLifeTime: 60 }));
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('every stored event, as an envelope on the wire, passes its schema', () => {
    expect(stored.length).toBeGreaterThan(30);
    for (const event of stored) {
      const envelope = toEnvelope(event, 'dlb-');
      expect(parseEventEnvelope(wire(envelope))).toEqual(envelope);
    }
  });

  it('the sessions produced the types the contract must cover, with the reasons that tell them apart', () => {
    const types = new Set(stored.map((s) => s.event.type));
    for (const type of ['DealOpened', 'DealBought', 'DealClosed', 'DealCancelled', 'OrderPlaced', 'OrderFilled', 'OrderCancelled', 'DealClosing', 'TradingPaused', 'TradingResumed']) expect(types, type).toContain(type);
    const reasons = (type: string) => stored.filter((s) => s.event.type === type).map((s) => (s.event as { reason: string | null }).reason);
    expect(new Set(reasons('DealClosing'))).toEqual(new Set(['stop_loss', 'operator_close']));
    expect(new Set(reasons('DealClosed'))).toEqual(new Set(['profit_markup', 'stop_loss', 'operator_close']));
    expect(reasons('DealCancelled')).toEqual(['cancelled by the operator', 'buy unfilled after orderLifeTime 60s']);
    const pauses = stored.filter((s) => s.event.type === 'TradingPaused' || s.event.type === 'TradingResumed').map((s) => toEnvelope(s, 'dlb-'));
    expect(pauses.map((e) => [e.type, e.symbol, e.payload])).toEqual([
      ['TradingPaused', 'BTC/USDT', { until: null, reason: 'maintenance' }],
      ['TradingResumed', 'BTC/USDT', {}],
      ['TradingPaused', 'BTC/USDT', { until: minute(30), reason: 'operator_panic_sell' }],
    ]);
  });
});
