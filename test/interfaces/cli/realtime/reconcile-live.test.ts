import { afterEach, expect, it } from 'vitest';
import { dec } from '../../../../src/domain/shared/decimal.js';
import { SystemClock } from '../../../../src/infrastructure/clock/system.clock.js';
import { CcxtExchange } from '../../../../src/infrastructure/exchange/ccxt/ccxt-exchange.js';
import { BotProcess, DUMMY_KEYS } from '../../../support/realtime/bot-process.js';
import { readDbState } from '../../../support/realtime/db-state.js';
import { expectNoSecretsInOutput, startRig, type Rig } from './realtime.fixtures.js';

/**
 * `dealbot reconcile` against a live account (the local Binance server): an order with the bot's
 * prefix that no deal can own blocks the start; reconcile lists it with what the server says and
 * cancels it there on the operator's word.
 */

let rig: Rig | undefined;

afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

expectNoSecretsInOutput();

it('lists an exchange order with the bot\'s prefix that no deal can own, and cancels it on the exchange as resolved', async () => {
  rig = await startRig();
  const r = rig;
  const other = await CcxtExchange.create({ exchangeId: 'binance', clock: new SystemClock(), credentials: DUMMY_KEYS, urls: r.sim.urls });
  try {
    await other.createOrder({ clientOrderId: 'dlb-byhand', symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: dec('0.001'), price: dec('50000') });
  } finally {
    await other.close();
  }
  const migrated = await BotProcess.run(['db', 'migrate', '--database', r.database]);
  expect(migrated.exit, migrated.stderr).toEqual({ code: 0, signal: null });
  const live = ['-c', r.config, '--mode', 'live', '--live'];
  /** The one line a refusal ends with (the log lines on stderr come before it). */
  const lastLine = (text: string) => text.trimEnd().split('\n').at(-1);
  const unconfirmed = await BotProcess.run(['reconcile', '-c', r.config, '--mode', 'live']);
  expect([unconfirmed.exit.code, unconfirmed.stderr]).toEqual([1, 'dealbot: live mode reads and changes a real account: add --live to confirm\n']);

  const listed = await BotProcess.run(['reconcile', ...live, '--json']);
  expect(listed.exit, listed.stderr).toEqual({ code: 0, signal: null });
  expect(JSON.parse(listed.stdout)).toMatchObject({ blocking: [{ kind: 'stranger', clientOrderId: 'dlb-byhand', symbol: 'BTC/USDT', side: 'buy', exchangeStatus: 'open', amount: '0.001', price: '50000', why: 'its id is not one this bot makes' }] });

  const wrong = await BotProcess.run(['reconcile', ...live, '--resolve', 'dlb-byhand=expired']);
  expect([wrong.exit.code, lastLine(wrong.stderr)]).toEqual([1, 'dealbot: exchange order dlb-byhand is not in the database: it can only be resolved as canceled (cancelled on the exchange), not expired']);
  expect(r.sim.orders().find((o) => o.clientOrderId === 'dlb-byhand')?.status).toBe('NEW');

  const resolved = await BotProcess.run(['reconcile', ...live, '--resolve', 'dlb-byhand=canceled', '--note', 'placed by hand on the website']);
  expect(resolved.exit, resolved.stderr).toEqual({ code: 0, signal: null });
  expect(resolved.stdout).toBe('order dlb-byhand resolved as canceled\n');
  expect(r.sim.orders().find((o) => o.clientOrderId === 'dlb-byhand')?.status).toBe('CANCELED');
  // nothing else changed in the database: no deal, no order
  const state = await readDbState(r.database);
  expect([state.deals.length, state.orders.length]).toEqual([0, 0]);
  const none = await BotProcess.run(['reconcile', ...live]);
  expect(none.stdout).toBe('Nothing blocks trading: every unfinished order is known to the exchange, or settled by the next start.\n');
}, 120_000);
