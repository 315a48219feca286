import { afterEach, expect, it } from 'vitest';
import { RT_SYMBOLS } from '../../../support/realtime/bot-config.js';
import { BotProcess, DUMMY_KEYS } from '../../../support/realtime/bot-process.js';
import { driveLive, expectNoSecretsInOutput, signalMinute, startRig, waitClosed, type Rig } from './realtime.fixtures.js';

/**
 * `dealbot run --sandbox` against the local Binance server: the config's exchange.urls override
 * the testnet's addresses as they do the real ones; the testnet's keys are the ones sent (the
 * server knows only them: real-money keys, also set, would be refused); no --live is asked for;
 * the banner and the summary say the run is on the test network.
 */

let rig: Rig | undefined;

afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

expectNoSecretsInOutput();

it('trades a cycle on the test network with its own keys, and says so at start and end', async () => {
  rig = await startRig();
  const r = rig;
  const env = { DEALBOT_SANDBOX_API_KEY: DUMMY_KEYS.apiKey, DEALBOT_SANDBOX_API_SECRET: DUMMY_KEYS.secret, DEALBOT_API_KEY: 'real-money-key-not-for-tests', DEALBOT_API_SECRET: 'real-money-secret-not-for-tests' };
  const bot = BotProcess.spawn(['run', '-c', r.config, '--sandbox'], { env, label: 'dealbot run --sandbox' });
  r.bots.push(bot);
  await bot.waitForOutput(/^dealbot: live trading BTC\/USDT, ETH\/USDT, SOL\/USDT on the binance test network \(sandbox: no real money; 1m candles\); state in /m);
  await r.subscribed(bot);
  r.script.open(0);
  await driveLive(r, bot, 0, signalMinute(1) - 1);
  await waitClosed(r, bot, RT_SYMBOLS.length);
  // real orders on the server, signed with the testnet's keys
  expect(r.sim.orders().filter((o) => o.side === 'BUY')).toHaveLength(RT_SYMBOLS.length);
  bot.signal('SIGTERM');
  const exit = await bot.waitForExit();
  expect(exit, bot.tail()).toEqual({ code: 0, signal: null });
  expect(bot.stdout).toMatch(/Stopped after \d+ candles per pair on the binance test network \(sandbox, no real money\)\./);
  expect(bot.stdout + bot.stderr).not.toMatch(/real-money-(key|secret)/);
}, 120_000);
