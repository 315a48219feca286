import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { badInputTable, configWith, type BadCase } from './harness.js';

/**
 * The steering commands (clients of a running bot's API) refuse bad input locally and say when
 * no bot is running: one line, the exit code, and the working folder untouched (a read or a
 * refused command creates no file).
 */

/** A loopback port nothing listens on: bound, then closed. */
const NOBODY = await new Promise<number>((done) => {
  const probe = createServer().listen(0, '127.0.0.1', () => {
    const { port } = probe.address() as AddressInfo;
    probe.close(() => done(port));
  });
});
const NOBODY_URL = `http://127.0.0.1:${NOBODY}`;
const away = ['--api-url', NOBODY_URL];
const notRunning = new RegExp(`^dealbot: no dealbot is running at http://127\\.0\\.0\\.1:${NOBODY} \\(start one with: dealbot run --api\\)$`);

const usage = (name: string, args: string[], says: RegExp, extra: Partial<BadCase> = {}): BadCase => ({ name, args, code: 2, says, ...extra });
const bad = (name: string, args: string[], says: RegExp, extra: Partial<BadCase> = {}): BadCase => ({ name, args, code: 1, says, ...extra });
const fileDatabase = { 'c.yaml': configWith((t) => t.replace('database: "sqlite::memory:"', 'database: "sqlite:./state/bot.db"')) };

const cases: BadCase[] = [
  usage('open-deal --price negative', ['open-deal', '--pair', 'BTC/USDT', '--price', '-3', ...away], /--price must be a decimal number > 0 .*got "-3"/),
  usage('open-deal --price zero', ['open-deal', '--pair', 'BTC/USDT', '--price', '0', ...away], /--price must be a decimal number > 0/),
  usage('open-deal --price not a number', ['open-deal', '--pair', 'BTC/USDT', '--price', '1e3', ...away], /--price must be a decimal number > 0 .*got "1e3"/),
  usage('open-deal without --pair', ['open-deal', ...away], /required option '--pair <pair>' not specified/),
  usage('open-deal --pair malformed', ['open-deal', '--pair', 'btc-usdt', ...away], /pair "btc-usdt" must look like BASE\/QUOTE/),
  usage('pause --for not a length', ['pause', '--for', '2 hours', ...away], /--for must be a length like 90m, 2h or 1d, got "2 hours"/),
  usage('panic-sell --cooldown zero', ['panic-sell', '--cooldown', '0', ...away], /--cooldown must be a whole number >= 1/),
  usage('pairs add without its settings', ['pairs', 'add', 'ADA/USDT', ...away], /required option '--deal-quota <amount>' not specified/),
  usage('pairs add --deal-count zero', ['pairs', 'add', 'ADA/USDT', '--deal-quota', '100', '--profit-markup', '0.01', '--deal-count', '0', '--order-lifetime', '60', ...away], /--deal-count must be a whole number >= 1/),
  usage('pairs add lower-case pair', ['pairs', 'add', 'ada/usdt', '--deal-quota', '1', '--profit-markup', '0.01', '--deal-count', '1', '--order-lifetime', '60', ...away], /pair "ada\/usdt" must look like BASE\/QUOTE/),
  usage('pairs update with nothing to change', ['pairs', 'update', 'ETH/USDT', ...away], /pairs update: name at least one setting to change: --deal-quota/),
  usage('pairs update --profit-markup negative', ['pairs', 'update', 'ETH/USDT', '--profit-markup', '-0.1', ...away], /--profit-markup must be a decimal number > 0/),
  usage('deals close without an id', ['deals', 'close', ...away], /missing required argument 'id'/),
  usage('--idempotency-key with a space', ['close-all', '--idempotency-key', 'a b', ...away], /--idempotency-key must be 1-200 printable characters without spaces, got "a b"/),
  usage('--idempotency-key too long', ['pause', '--idempotency-key', 'k'.repeat(201), ...away], /--idempotency-key must be 1-200 printable characters/),
  usage('--idempotency-key on a read command', ['status', '--idempotency-key', 'k', ...away], /unknown option '--idempotency-key'/),
  usage('--api-url without a scheme', ['status', '--api-url', '127.0.0.1:8437'], /--api-url must be a URL like http:\/\/127\.0\.0\.1:8437/),
  usage('--api-url with a path', ['close-all', '--api-url', 'http://127.0.0.1:8437/deals'], /--api-url must be a URL like/),
  bad('DEALBOT_API_URL not a URL', ['close-all'], /^dealbot: DEALBOT_API_URL must be a URL like http:\/\/127\.0\.0\.1:8437/, { env: { DEALBOT_API_URL: 'localhost:8437' } }),
  bad('close-all without a bot', ['close-all', ...away], notRunning),
  bad('panic-sell without a bot', ['panic-sell', ...away], notRunning),
  bad('pause without a bot', ['pause', '--for', '2h', ...away], notRunning),
  bad('resume without a bot (DEALBOT_API_URL)', ['resume'], notRunning, { env: { DEALBOT_API_URL: NOBODY_URL } }),
  bad('open-deal without a bot', ['open-deal', '--pair', 'BTC/USDT', '--price', '60000', ...away], notRunning),
  bad('deals close without a bot', ['deals', 'close', 'd1', ...away], notRunning),
  bad('deals cancel without a bot', ['deals', 'cancel', 'd1', ...away], notRunning),
  bad('pairs add without a bot', ['pairs', 'add', 'ADA/USDT', '--deal-quota', '100', '--profit-markup', '0.005', '--deal-count', '2', '--order-lifetime', '900', ...away], notRunning),
  bad('pairs remove without a bot', ['pairs', 'remove', 'SOL/USDT', ...away], notRunning),
  bad('balance without a bot', ['balance', ...away], /^dealbot: balance needs a running bot: the exchange or the paper account holds the balances, not the database; no dealbot is running at/),
  bad('status without a bot, state in memory', ['status', ...away], /^dealbot: the config's database is sqlite::memory:, which only the bot itself can read; no dealbot is running at/),
  bad('deals list without a bot, state in memory', ['deals', 'list', ...away], /^dealbot: the config's database is sqlite::memory:, which only the bot itself can read; no dealbot is running/),
  bad('deals list without a bot, database file missing: nothing created', ['deals', 'list', '-c', 'c.yaml', ...away], /state\/bot\.db/, { files: fileDatabase }),
  bad('pairs list without a bot, database file missing: nothing created', ['pairs', 'list', '-c', 'c.yaml', ...away], /state\/bot\.db/, { files: fileDatabase }),
  bad('status without a bot, database file missing: nothing created', ['status', '-c', 'c.yaml', ...away], /state\/bot\.db/, { files: fileDatabase }),
  bad('config init when .env holds a token', ['config', 'init'], /\.env already holds DEALBOT_API_TOKEN; run `dealbot config init --force` to replace it/, { files: { '.env': 'DEALBOT_API_KEY=k\nDEALBOT_API_TOKEN=old\n' } }),
  bad('config init --dir missing', ['config', 'init', '--dir', 'nope'], /cannot write into .*\/nope: /),
  bad('config init --dir a file', ['config', 'init', '--dir', 'f'], /cannot write into .*\/f: it is not a folder/, { files: { f: 'x' } }),
  bad('config init in a read-only folder', ['config', 'init'], /cannot write into .*: .*(permission|denied|EACCES)/i, { readOnlyDir: true }),
];

badInputTable('steering commands: bad input and no bot running', cases);
