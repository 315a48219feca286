import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../../support/binance-sim/manual-time.js';
import { expectNoSecretsLogged } from '../../exchange/ccxt/ccxt.fixtures.js';
import { allFinal, feedRig, MINUTE, SECOND, SYMBOLS, T0, tickIndex, type FeedRig } from './feed.fixtures.js';

let rig: FeedRig;

afterEach(async () => {
  await rig.close();
});

expectNoSecretsLogged();

const ALL = [...SYMBOLS];

/** Minute 0 streams normally and closes when minute 1 opens (at T0 + 61 s). */
async function firstMinute(): Promise<void> {
  await rig.start();
  rig.push(0, false);
  await rig.advanceTo(T0 + 35 * SECOND);
  rig.push(0, false);
  await rig.advanceTo(T0 + MINUTE + SECOND);
  rig.push(0, true);
  rig.push(1, false);
  await waitFor(() => rig.ticks.length === 1, 'tick 0');
}

/** First REST klines request at or after `since` on the server's (simulated) clock. */
const firstKlinesAfter = (since: number): number | undefined => rig.sim.requests('klines').find((r) => r.at >= since)?.at;

describe('CcxtMarketFeed when the websocket fails', () => {
  it('dropped connection: REST polling within 5 s, resubscription with backoff, no missing and no duplicate candles', async () => {
    rig = await feedRig();
    await firstMinute();
    const droppedAt = T0 + 70 * SECOND;
    await rig.advanceTo(droppedAt);
    rig.sim.dropStreams({ refuse: true });
    await waitFor(() => rig.feed.status()?.connection === 'down', 'the feed to see the drop');
    await rig.advanceTo(droppedAt + 5 * SECOND);
    const firstPoll = firstKlinesAfter(droppedAt);
    expect(firstPoll).toBeDefined();
    expect(firstPoll! - droppedAt).toBeLessThanOrEqual(5 * SECOND);

    // The market goes on while we are disconnected: minute 1 closes, minute 2 opens.
    await rig.advanceTo(T0 + 2 * MINUTE + SECOND);
    rig.push(1, true);
    rig.push(2, false);
    await rig.advanceTo(T0 + 2 * MINUTE + 6 * SECOND);
    await waitFor(() => rig.ticks.length === 2, 'tick 1 from REST polling');

    rig.sim.acceptStreams();
    const opened = rig.sim.streamStats.opened;
    for (let t = T0 + 2 * MINUTE + 7 * SECOND; rig.sim.streamStats.subscriptions < SYMBOLS.length; t += SECOND) {
      if (t > T0 + 4 * MINUTE) throw new Error('no resubscription within 2 minutes');
      await rig.advanceTo(t);
    }
    expect(rig.sim.streamStats.opened).toBe(opened + 1);
    expect(rig.feed.status()?.reconnects).toBeGreaterThanOrEqual(2);

    rig.push(2, false);
    await waitFor(() => rig.feed.status()?.connection === 'up', 'stream back up');
    await rig.advanceTo(T0 + 3 * MINUTE + SECOND);
    rig.push(2, true);
    rig.push(3, false);
    await waitFor(() => rig.ticks.length === 3, 'tick 2 from the stream again');
    await rig.advanceTo(T0 + 3 * MINUTE + 10 * SECOND);
    expect(tickIndex(rig.ticks)).toEqual([
      [0, ALL],
      [1, ALL],
      [2, ALL],
    ]);
    expect(allFinal(rig.ticks)).toBe(true);
  });

  it('silent connection (open, answering pings, no data): reconnect and REST within 5 s of 60 s silence, no missing and no duplicate candles', async () => {
    rig = await feedRig();
    await firstMinute();
    const lastMessageAt = T0 + MINUTE + SECOND;
    rig.sim.silenceStreams(true);
    const opened = rig.sim.streamStats.opened;
    await rig.advanceTo(lastMessageAt + 55 * SECOND);
    expect(rig.feed.status()).toMatchObject({ connection: 'up', polls: 0 });

    // Minute 1 closes during the silence.
    await rig.advanceTo(T0 + 2 * MINUTE);
    rig.push(1, true);
    rig.push(2, false);
    await rig.advanceTo(lastMessageAt + 60 * SECOND + 5 * SECOND);
    expect(rig.feed.status()?.connection).toBe('down');
    expect(rig.feed.status()?.polls).toBeGreaterThan(0);
    const silenceSeen = lastMessageAt + 60 * SECOND;
    expect(firstKlinesAfter(silenceSeen)! - silenceSeen).toBeLessThanOrEqual(5 * SECOND);
    await waitFor(() => rig.ticks.length === 2, 'tick 1 over REST');
    expect(rig.sim.streamStats.opened).toBeGreaterThan(opened); // reconnected (still silent)

    rig.sim.silenceStreams(false);
    await rig.advanceTo(T0 + 2 * MINUTE + 30 * SECOND);
    rig.push(2, false);
    await waitFor(() => rig.feed.status()?.connection === 'up', 'stream speaking again');
    await rig.advanceTo(T0 + 3 * MINUTE + SECOND);
    rig.push(2, true);
    rig.push(3, false);
    await waitFor(() => rig.ticks.length === 3, 'tick 2 from the stream');
    await rig.advanceTo(T0 + 3 * MINUTE + 10 * SECOND);
    expect(tickIndex(rig.ticks)).toEqual([
      [0, ALL],
      [1, ALL],
      [2, ALL],
    ]);
    expect(allFinal(rig.ticks)).toBe(true);
  });
});
