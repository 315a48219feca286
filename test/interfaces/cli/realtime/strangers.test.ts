import { afterEach, expect, it } from 'vitest';
import { dec } from '../../../../src/domain/shared/decimal.js';
import { SystemClock } from '../../../../src/infrastructure/clock/system.clock.js';
import { CcxtExchange } from '../../../../src/infrastructure/exchange/ccxt/ccxt-exchange.js';
import { DUMMY_KEYS } from '../../../support/realtime/bot-process.js';
import { crashInvariantViolations, readDbState } from '../../../support/realtime/db-state.js';
import { expectNoSecretsInOutput, startRig, type Rig } from './realtime.fixtures.js';

/**
 * DESIGN.md section 4 and issue 6: on start, the bot reports the exchange orders that carry its
 * prefix but are not in its database (a restored backup, a database that lost a commit) and
 * adopts a buy of a configured pair into a deal marked recovered. Here one such order rests on
 * the server before `dealbot run` starts.
 */

let rig: Rig | undefined;

afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

expectNoSecretsInOutput();

it('an open buy with the bot prefix that the database does not know is reported on start and adopted into a recovered deal', async () => {
  rig = await startRig();
  const r = rig;
  const other = await CcxtExchange.create({ exchangeId: 'binance', clock: new SystemClock(), credentials: DUMMY_KEYS, urls: r.sim.urls });
  try {
    await other.createOrder({ clientOrderId: 'dlb-ghost00001-b1', symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: dec('0.001'), price: dec('50000') });
  } finally {
    await other.close();
  }
  const bot = r.run('live');
  await r.subscribed(bot);
  bot.signal('SIGTERM');
  expect(await bot.waitForExit(), bot.tail()).toEqual({ code: 0, signal: null });
  // The operator hears of it ...
  expect(`${bot.stdout}\n${bot.stderr}`).toMatch(/dlb-ghost00001-b1 .*adopted into deal ghost00001/);
  // ... and the database owns it now: a recovered deal around the resting buy, in step with the server.
  const deals = await r.dealsList();
  expect(deals.map((d) => [d.id, d.status, d.recovered, d.orders.map((o) => [o.clientOrderId, o.status])])).toEqual([['ghost00001', 'pending', true, [['dlb-ghost00001-b1', 'open']]]]);
  expect(crashInvariantViolations(r.sim, await readDbState(r.database), { prefix: 'dlb-', settled: true })).toEqual([]);
}, 120_000);
