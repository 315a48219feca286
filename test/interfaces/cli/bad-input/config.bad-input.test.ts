import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { badInputTable, configWith, storedConfig, storeCandles, type BadCase } from './harness.js';

/** `config check -c c.yaml` on a config made by editing the default one. */
const edited = (name: string, edit: (text: string) => string, says: RegExp): BadCase => ({
  name,
  args: ['config', 'check', '-c', 'c.yaml'],
  files: { 'c.yaml': configWith(edit) },
  code: 1,
  says,
});

/** `config check -c c.yaml` on the given text. */
const text = (name: string, yaml: string | Buffer, says: RegExp): BadCase => ({ name, args: ['config', 'check', '-c', 'c.yaml'], files: { 'c.yaml': yaml }, code: 1, says });

const sub = (from: string | RegExp, to: string) => (t: string) => t.replace(from, to);
const strategyLine = (line: string) => sub('  rsiPeriod: 14\n', `  rsiPeriod: 14\n  ${line}\n`);
const deep = (n: number, open: string, inner: string, close: string): string => `${open.repeat(n)}${inner}${close.repeat(n)}`;

const laughs = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
for (let i = 1; i < 10; i += 1) {
  const prev = String.fromCharCode(96 + i);
  const next = String.fromCharCode(97 + i);
  laughs.push(`${next}: &${next} [${Array(9).fill(`*${prev}`).join(',')}]`);
}

const cases: BadCase[] = [
  { name: 'missing config file', args: ['config', 'check', '-c', 'nope.yaml'], code: 1, says: /nope\.yaml: cannot read the config file/ },
  { name: 'config path is a folder', args: ['config', 'check', '-c', 'conf'], files: { 'conf/x': '' }, code: 1, says: /conf: cannot read the config file/ },
  { name: 'config file unreadable (permission denied)', args: ['config', 'check', '-c', 'c.yaml'], files: { 'c.yaml': 'mode: paper' }, setup: (d) => chmodFile(d, 'c.yaml', 0o000), readOnlyDir: true, code: 1, says: /c\.yaml: cannot read the config file.*permission denied/ },
  text('empty file', '', /c\.yaml: pairs: is required/),
  text('a YAML list, not a mapping', '- 1\n- 2\n', /c\.yaml: config: must be a mapping/),
  text('a YAML scalar', 'hello\n', /c\.yaml: config: must be a mapping/),
  text('invalid YAML syntax', 'pairs: [\n', /c\.yaml:\d+: invalid YAML/),
  text('YAML tab indentation', 'strategy:\n\trsiPeriod: 3\n', /c\.yaml:\d+: invalid YAML/),
  text('duplicate YAML key', 'mode: paper\nmode: live\n', /c\.yaml:2: invalid YAML.*unique/),
  text('binary garbage', Buffer.from([0, 1, 2, 255, 254, 10, 0, 0]), /c\.yaml/),
  text('YAML alias bomb (billion laughs)', `${laughs.join('\n')}\n`, /c\.yaml: invalid YAML: too many aliases/),
  text('YAML alias bomb inside a valid field', `${laughs.join('\n')}\nstrategy: { rule: *j }\n`, /c\.yaml: invalid YAML: too many aliases/),
  edited('unknown top-level field', sub('mode: paper', 'mod: paper'), /c\.yaml: unknown field mod/),
  edited('unknown nested field', sub('  rsiPeriod: 14', '  rsiPeriods: 14'), /c\.yaml: unknown field strategy\.rsiPeriods/),
  edited('mode not paper or live', sub('mode: paper', 'mode: demo'), /c\.yaml: mode: /),
  edited('unknown timeframe', sub('timeframe: 1m', 'timeframe: 2m'), /c\.yaml: timeframe: /),
  edited('windowSize too small', sub('windowSize: 500', 'windowSize: 10'), /c\.yaml: windowSize: must be >= 50/),
  edited('windowSize not a number', sub('windowSize: 500', 'windowSize: lots'), /c\.yaml: windowSize: must be a number/),
  edited('windowSize fractional', sub('windowSize: 500', 'windowSize: 60.5'), /c\.yaml: windowSize: must be an integer/),
  edited('windowSize infinite', sub('windowSize: 500', 'windowSize: .inf'), /c\.yaml: windowSize: /),
  edited('botPrefix without dash', sub('botPrefix: dlb-', 'botPrefix: dlb'), /c\.yaml: botPrefix: /),
  edited('database empty', sub('database: "sqlite::memory:"', 'database: ""'), /c\.yaml: database: must be a database URL/),
  edited('database a number', sub('database: "sqlite::memory:"', 'database: 42'), /c\.yaml: database: must be a string/),
  edited('rsiPeriod below 2', sub('rsiPeriod: 14', 'rsiPeriod: 1'), /c\.yaml: strategy\.rsiPeriod: must be >= 2/),
  edited('rsiPeriod above windowSize', sub('rsiPeriod: 14', 'rsiPeriod: 600'), /c\.yaml: strategy\.rsiPeriod: 600 is more than windowSize 500/),
  edited('macdSlow above windowSize', sub('macdSlow: 26', 'macdSlow: 700'), /c\.yaml: strategy\.macdSlow: 700 is more than windowSize 500/),
  edited('macdSignal above windowSize', sub('macdSignal: 9', 'macdSignal: 501'), /c\.yaml: strategy\.macdSignal: 501 is more than windowSize 500/),
  edited('macdFast not below macdSlow', sub('macdFast: 12', 'macdFast: 30'), /c\.yaml: strategy\.macdFast: macdFast must be < macdSlow/),
  edited('rsiBuyBelow above 100', sub('rsiBuyBelow: 50', 'rsiBuyBelow: 150'), /c\.yaml: strategy\.rsiBuyBelow: /),
  edited('rule empty', strategyLine('rule: ""'), /c\.yaml: strategy\.rule: must not be empty/),
  edited('rule cut short', strategyLine('rule: "rsi(14) <"'), /c\.yaml: strategy\.rule: expected .* at the end/),
  edited('rule unknown name', strategyLine('rule: "foo > 1"'), /c\.yaml: strategy\.rule: unknown name "foo" at column 1/),
  edited('rule stray character', strategyLine('rule: "close > 1 $"'), /c\.yaml: strategy\.rule: unexpected "\$" at column 11/),
  edited('rule period above windowSize', strategyLine('rule: "sma(1000) > close"'), /c\.yaml: strategy\.rule: sma\(1000\) .*windowSize 500/),
  edited('rule macd periods above windowSize', strategyLine('rule: "macd(12,900,9) > 0"'), /c\.yaml: strategy\.rule: macd\(12,900,9\) .*windowSize 500/),
  edited('rule nested 20,000 parentheses deep', strategyLine(`rule: "${deep(20_000, '(', 'close > 1', ')')}"`), /c\.yaml: strategy\.rule: nested more than \d+ deep at column \d+/),
  edited('rule with 20,000 nots', strategyLine(`rule: "${'not '.repeat(20_000)}close > 1"`), /c\.yaml: strategy\.rule: nested more than \d+ deep at column \d+/),
  edited('rule with 20,000 nested crossovers', strategyLine(`rule: "${deep(20_000, 'crossover(', 'close', ', close)')}"`), /c\.yaml: strategy\.rule: nested more than \d+ deep at column \d+/),
  edited('makerFee of 0.5', sub('makerFee: "0.001"', 'makerFee: "0.5"'), /c\.yaml: paper\.makerFee: must be < 0\.5/),
  edited('takerFee of 2', sub('takerFee: "0.001"', 'takerFee: 2'), /c\.yaml: paper\.takerFee: must be < 0\.5/),
  edited('makerFee negative', sub('makerFee: "0.001"', 'makerFee: "-0.1"'), /c\.yaml: paper\.makerFee: must be a plain decimal/),
  edited('takerFee not a number', sub('takerFee: "0.001"', 'takerFee: "0,1"'), /c\.yaml: paper\.takerFee: must be a plain decimal/),
  edited('balance currency in lower case', sub('USDT: "10000"', 'usdt: "10000"'), /c\.yaml: paper\.balances/),
  edited('balance not a number', sub('USDT: "10000"', 'USDT: "ten"'), /c\.yaml: paper\.balances\.USDT: must be a plain decimal/),
  edited('market source unknown', sub('source: simulated', 'source: somewhere'), /c\.yaml: market\.source: /),
  edited('startTime not a date', sub('startTime: "2024-01-01T00:00:00Z"', 'startTime: "2024-13-01T00:00:00Z"'), /c\.yaml: market\.startTime: must be an ISO date-time/),
  edited('candles zero', sub('candles: 2000', 'candles: 0'), /c\.yaml: market\.candles: must be >= 1/),
  edited('candles beyond safe integers', sub('candles: 2000', 'candles: 100000000000000000000000'), /c\.yaml: market\.candles: /),
  edited('seed fractional', sub('seed: 7', 'seed: 1.5'), /c\.yaml: market\.seed: must be an integer/),
  edited('paceMs negative', sub('paceMs: 15', 'paceMs: -1'), /c\.yaml: market\.paceMs: must be >= 0/),
  edited('exchange timeoutMs too small', sub('mode: paper', 'mode: paper\nexchange: { timeoutMs: 5 }'), /c\.yaml: exchange\.timeoutMs: must be >= 100/),
  edited('exchange id with spaces', sub('mode: paper', 'mode: paper\nexchange: { id: "Bin Ance" }'), /c\.yaml: exchange\.id: /),
  edited('no pairs', (t) => t.slice(0, t.indexOf('pairs:')), /c\.yaml: pairs: is required/),
  edited('empty pairs', (t) => `${t.slice(0, t.indexOf('pairs:'))}pairs: []\n`, /c\.yaml: pairs: needs at least one pair/),
  edited('symbol in lower case', sub('symbol: BTC/USDT', 'symbol: btc/usdt'), /c\.yaml: pairs\[0\]\.symbol: must look like BASE\/QUOTE/),
  edited('symbol twice', sub('symbol: ETH/USDT', 'symbol: BTC/USDT'), /c\.yaml: pairs: each symbol may appear once/),
  edited('dealQuota zero', sub('dealQuota: "500"', 'dealQuota: "0"'), /c\.yaml: pairs\[0\]\.dealQuota: must be > 0/),
  edited('dealQuota with a comma', sub('dealQuota: "500"', 'dealQuota: "1,5"'), /c\.yaml: pairs\[0\]\.dealQuota: must be a plain decimal/),
  edited('dealQuota below minCost', sub('dealQuota: "500"', 'dealQuota: "4"'), /c\.yaml: pairs\[0\]\.dealQuota: 4 is below the market's minimum cost 5/),
  edited('dealQuota below minAmount x startPrice', sub('minAmount: "0.00001", minCost: "5"', 'minAmount: "0.01", minCost: "5"'), /c\.yaml: pairs\[0\]\.dealQuota: 500 is below the market's minimum amount 0\.01 x start price 60000 = 600/),
  edited('profitMarkup negative', sub('profitMarkup: "0.004"', 'profitMarkup: -1'), /c\.yaml: pairs\[0\]\.profitMarkup: must be a plain decimal/),
  edited('dealCount zero', sub('dealCount: 2', 'dealCount: 0'), /c\.yaml: pairs\[0\]\.dealCount: must be >= 1/),
  edited('dealCount fractional', sub('dealCount: 2', 'dealCount: 2.5'), /c\.yaml: pairs\[0\]\.dealCount: must be an integer/),
  edited('orderLifeTime zero', sub('orderLifeTime: 900', 'orderLifeTime: 0'), /c\.yaml: pairs\[0\]\.orderLifeTime: must be > 0/),
  edited('orderLifeTime text', sub('orderLifeTime: 900', 'orderLifeTime: soon'), /c\.yaml: pairs\[0\]\.orderLifeTime: must be a number/),
  edited('paperMarket missing on the simulated market', sub(/ {4}paperMarket: \{ startPrice: 60000[^\n]*\n/, ''), /c\.yaml: pairs\[0\]\.paperMarket: is required for the simulated market/),
  edited('startPrice missing on the simulated market', sub('startPrice: 60000, ', ''), /c\.yaml: pairs\[0\]\.paperMarket\.startPrice: is required/),
  edited('priceStep zero', sub('startPrice: 60000, priceStep: "0.01"', 'startPrice: 60000, priceStep: "0"'), /c\.yaml: pairs\[0\]\.paperMarket\.priceStep: must be > 0/),
  edited('paperMarket unknown field', sub('startPrice: 60000,', 'startPrice: 60000, tickSize: 1,'), /c\.yaml: unknown field pairs\[0\]\.paperMarket\.tickSize/),
  edited('stopLoss of 1.5', sub('stopLoss: "0.05"', 'stopLoss: "1.5"'), /c\.yaml: exits\.stopLoss: /),
  edited('trailing distance above activation', sub('stopLoss: "0.05"', 'trailingStop: { activation: "0.01", distance: "0.02" }'), /c\.yaml: exits\.trailingStop\.distance: /),
  edited('take-profit shares not summing to 1', sub('stopLoss: "0.05"', 'takeProfit: { targets: [{ profit: "0.01", share: "0.5" }] }'), /c\.yaml: exits\.takeProfit/),
  edited('panic reference not a pair', sub('reference: BTC/USDT', 'reference: XRP/USDT'), /c\.yaml: exits\.panicSell\.reference: "XRP\/USDT" must be one of the configured pairs/),
  edited('timeExit of zero hours', sub('stopLoss: "0.05"', 'timeExit: { hours: 0 }'), /c\.yaml: exits\.timeExit\.hours: must be > 0/),
  text('stored market without paperMarket (config check)', storedConfig().replace(/,\n {6}paperMarket: [^\n]*/, ' }'), /c\.yaml: pairs\[0\]\.paperMarket: is required for the stored market/),
  {
    name: 'stored market without paperMarket (backtest)',
    args: ['backtest', '-c', 'c.yaml', '--no-progress'],
    files: { 'c.yaml': storedConfig().replace(/,\n {6}paperMarket: [^\n]*/, ' }') },
    setup: (d) => storeCandles(d),
    code: 1,
    says: /c\.yaml: pairs\[0\]\.paperMarket: is required for the stored market/,
  },
  {
    name: 'fee of 0.5 in the config (backtest)',
    args: ['backtest', '-c', 'c.yaml', '--no-progress'],
    files: { 'c.yaml': storedConfig('paper: { balances: { BTC: "1" }, makerFee: "0.5" }') },
    setup: (d) => storeCandles(d),
    code: 1,
    says: /c\.yaml: paper\.makerFee: must be < 0\.5/,
  },
  { name: 'live mode in the config without --live', args: ['run', '-c', 'c.yaml'], files: { 'c.yaml': configWith(sub('mode: paper', 'mode: live')) }, code: 1, says: /live mode places real orders: add --live/ },
];

function chmodFile(dir: string, path: string, mode: number): void {
  chmodSync(join(dir, path), mode);
}

badInputTable('bad config files', cases);
