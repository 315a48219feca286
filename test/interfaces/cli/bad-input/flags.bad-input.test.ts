import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { badInputTable, storeCandles, storedConfig, type BadCase } from './harness.js';

/** A command-line usage error: exit 2, one line naming the option. */
const usage = (name: string, args: string[], says: RegExp, extra: Partial<BadCase> = {}): BadCase => ({ name, args, code: 2, says, ...extra });
const bad = (name: string, args: string[], says: RegExp, extra: Partial<BadCase> = {}): BadCase => ({ name, args, code: 1, says, ...extra });

/** A backtest of stored candles, with the config and candles in place. */
const backtest = (args: string[]): Partial<BadCase> & { args: string[] } => ({
  args: ['backtest', '-c', 'c.yaml', '--no-progress', ...args],
  files: { 'c.yaml': storedConfig() },
  setup: (d) => storeCandles(d),
});
const bt = (name: string, args: string[], code: 1 | 2, says: RegExp, extra: Partial<BadCase> = {}): BadCase => ({ name, ...backtest(args), code, says, ...extra });

const cases: BadCase[] = [
  usage('unknown command', ['frobnicate'], /unknown command 'frobnicate'/),
  usage('unknown command close to one', ['rn'], /unknown command 'rn'.*did you mean run/i),
  usage('unknown option', ['run', '--frob'], /unknown option '--frob'/),
  usage('unknown option close to one', ['run', '--candle', '5'], /unknown option '--candle'.*--candles/),
  usage('option missing its value', ['run', '--candles'], /option '--candles <n>' argument missing/),
  usage('too many arguments', ['db', 'migrate', 'extra'], /too many arguments for 'migrate'/),
  usage('missing argument', ['data', 'import'], /missing required argument 'file'/),
  usage('--candles not a number', ['run', '--candles', 'many'], /--candles must be a whole number/),
  usage('--candles 1e23', ['run', '--candles', '1e23'], /--candles must be a whole number/),
  usage('--candles beyond safe integers', ['run', '--candles', '100000000000000000000000'], /--candles must be a whole number .*at most 9007199254740991/),
  usage('--pace negative', ['run', '--pace', '-1'], /--pace must be a whole number/),
  usage('--seed fractional', ['run', '--seed', '1.5'], /--seed must be a whole number/),
  usage('--seed beyond safe integers', ['run', '--seed', '99999999999999999999'], /--seed must be a whole number .*at most/),
  usage('--mode unknown', ['run', '--mode', 'demo'], /--mode must be paper or live/),
  usage('--exchange not an id', ['run', '--exchange', 'Bin Ance'], /--exchange must be a ccxt exchange id/),
  usage('run --pairs malformed', ['run', '--pairs', 'btc-usdt'], /pair "btc-usdt" must look like BASE\/QUOTE/),
  usage('run --pairs empty', ['run', '--pairs', ','], /--pairs: name at least one pair/),
  bad('run --pairs not in the config', ['run', '--pairs', 'XRP/USDT'], /--pairs: XRP\/USDT not in the config/),
  bad('run --mode live without --live', ['run', '--mode', 'live'], /live mode places real orders: add --live/),
  bad('run live without an exchange', ['run', '--mode', 'live', '--live'], /live mode needs an exchange/),
  bad('run live without keys', ['run', '--mode', 'live', '--live', '--exchange', 'binance'], /live trading needs DEALBOT_API_KEY and DEALBOT_API_SECRET/),
  bad('run --sandbox with only the live keys', ['run', '--sandbox', '--exchange', 'binance'], /^dealbot: --sandbox needs the test network's keys in DEALBOT_SANDBOX_API_KEY and DEALBOT_SANDBOX_API_SECRET \(environment or \.env\); DEALBOT_API_KEY \/ DEALBOT_API_SECRET are the real account's/, { env: { DEALBOT_API_KEY: 'live-key', DEALBOT_API_SECRET: 'live-secret' } }),
  bad('run --sandbox on an exchange without a test network', ['run', '--sandbox', '--exchange', 'kraken'], /^dealbot: exchange: kraken has no test network in ccxt: --sandbox needs one/, { env: { DEALBOT_SANDBOX_API_KEY: 'test-key', DEALBOT_SANDBOX_API_SECRET: 'test-secret' } }),
  bad('run --sandbox without an exchange', ['run', '--sandbox'], /--sandbox needs an exchange: --exchange <ccxt id>/),
  bad('run --sandbox with --mode paper', ['run', '--sandbox', '--mode', 'paper', '--exchange', 'binance'], /--sandbox trades on the exchange's test network in live mode: drop --mode paper/),
  bad('run on an exchange ccxt lacks', ['run', '--exchange', 'nosuchexchange'], /^dealbot: exchange: ccxt\.pro has no exchange "nosuchexchange"$/),
  bad('reconcile --sandbox with only the live keys', ['reconcile', '--sandbox', '--exchange', 'binance', '--database', 'sqlite:state.db'], /^dealbot: --sandbox needs the test network's keys in DEALBOT_SANDBOX_API_KEY/, { env: { DEALBOT_API_KEY: 'live-key', DEALBOT_API_SECRET: 'live-secret' }, files: { 'state.db': '' } }),
  bad('run --database unsupported', ['run', '--database', 'mongodb://x'], /database URL "mongodb:\/\/x" has the unsupported scheme/),
  usage('deals list --status unknown', ['deals', 'list', '--status', 'bogus'], /--status.*bogus/),
  usage('deals list --pair malformed', ['deals', 'list', '--pair', 'btc'], /pair "btc" must look like BASE\/QUOTE/),
  usage('data download --pairs malformed', ['data', 'download', '--pairs', 'btc'], /pair "btc" must look like BASE\/QUOTE/),
  usage('data download --days 0', ['data', 'download', '--pairs', 'BTC/USDT', '--days', '0'], /--days must be a whole number >= 1/),
  usage('data download --days beyond safe integers', ['data', 'download', '--pairs', 'BTC/USDT', '--days', '99999999999999999999'], /--days.*at most/),
  usage('data download --timeframe unknown', ['data', 'download', '--pairs', 'BTC/USDT', '--timeframe', '7m'], /--timeframe.*one of 1m/),
  usage('data import --timeframe unknown', ['data', 'import', 'x.json', '--timeframe', '7m'], /--timeframe.*one of 1m/),
  usage('data import --pair malformed', ['data', 'import', 'x.json', '--pair', 'eth/btc'], /pair "eth\/btc" must look like BASE\/QUOTE/),
  bt('backtest --from impossible date', ['--from', '2018-02-30'], 2, /--from must be a date like 2018-01-15.*got "2018-02-30"/),
  bt('backtest --from partial', ['--from', '12'], 2, /--from must be a date like 2018-01-15.*got "12"/),
  bt('backtest --from month only', ['--from', '2018-02'], 2, /--from must be a date/),
  bt('backtest --from month 13', ['--from', '2018-13-01'], 2, /--from must be a date/),
  bt('backtest --from words', ['--from', 'yesterday'], 2, /--from must be a date/),
  bt('backtest --from slashes', ['--from', '01/02/2018'], 2, /--from must be a date/),
  bt('backtest --to hour 25', ['--to', '2018-01-01T25:00:00Z'], 2, /--to must be a date/),
  bt('backtest --to February 29 of a common year', ['--to', '2019-02-29T00:00:00Z'], 2, /--to must be a date/),
  bt('backtest --from after --to', ['--from', '2024-01-02', '--to', '2024-01-01'], 2, /--from 2024-01-02 00:00 is not before --to 2024-01-01 00:00/),
  bt('backtest --fee 2', ['--fee', '2'], 2, /--fee must be a rate >= 0 and < 0\.5/),
  bt('backtest --fee 0.5', ['--fee', '0.5'], 2, /--fee must be a rate >= 0 and < 0\.5/),
  bt('backtest --fee negative', ['--fee', '-0.1'], 2, /--fee must be a rate/),
  bt('backtest --fee text', ['--fee', 'abc'], 2, /--fee must be a rate/),
  bt('backtest --balance zero', ['--balance', '0'], 2, /--balance must be a decimal number > 0/),
  bt('backtest --balance exponent', ['--balance', '1e5'], 2, /--balance must be a decimal number > 0/),
  bt('backtest --timeframe unknown', ['--timeframe', '7m'], 2, /--timeframe.*one of 1m/),
  bt('backtest --pairs empty', ['--pairs', ','], 2, /--pairs: name at least one pair/),
  bt('backtest --pairs not in the config', ['--pairs', 'XRP/BTC'], 1, /--pairs: XRP\/BTC not in c\.yaml/),
  bt('backtest of pairs with two quote currencies', [], 1, /--pairs: a backtest needs pairs with one quote currency, got USDT, BTC/, {
    files: { 'c.yaml': storedConfig().replace('pairs:', 'pairs:\n  - { symbol: BTC/USDT, dealQuota: "10", profitMarkup: "0.01", dealCount: 1, orderLifeTime: 600, paperMarket: { priceStep: "0.01", amountStep: "0.0001" } }') },
  }),
  bt('backtest --export into a folder without write permission', ['--export', 'out'], 1, /cannot write .*out.*: permission denied/, { readOnlyDir: true }),
  bt('backtest --html into a folder without write permission', ['--html', 'r.html'], 1, /cannot write .*r\.html: permission denied/, { readOnlyDir: true }),
  bt('backtest --html into a read-only folder', ['--html', 'ro/r.html'], 1, /cannot write .*ro\/r\.html: permission denied/, {
    readOnlyDir: true,
    setup: async (d) => {
      await storeCandles(d);
      mkdirSync(join(d, 'ro'));
      chmodSync(join(d, 'ro'), 0o555);
    },
  }),
  bt('backtest --html over a read-only file', ['--html', 'r.html'], 1, /cannot write .*r\.html: permission denied/, {
    readOnlyDir: true,
    setup: async (d) => {
      await storeCandles(d);
      writeFileSync(join(d, 'r.html'), 'old report', { mode: 0o444 });
    },
  }),
  bt('backtest --html into a missing folder', ['--html', 'no/such/r.html'], 1, /cannot write .*no\/such\/r\.html: the folder .*no\/such does not exist/),
  bt('backtest --export into a missing folder', ['--export', 'no/such/out'], 1, /cannot write .*no\/such\/out: the folder .*no\/such does not exist/),
  bt('backtest --html is a folder', ['--html', 'adir'], 1, /cannot write .*adir: it is a folder/, { files: { 'c.yaml': storedConfig(), 'adir/x': '' } }),
  bt('backtest --export is a file', ['--export', 'afile'], 1, /cannot write .*afile: .*not a folder/, { files: { 'c.yaml': storedConfig(), afile: 'x' } }),
];

badInputTable('bad command lines', cases);
