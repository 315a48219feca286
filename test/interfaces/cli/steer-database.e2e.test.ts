import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CurrencyPair } from '../../../src/domain/currency-pair/currency-pair.entity.js';
import { migrateToLatest, openDatabase, SqlUnitOfWork } from '../../../src/infrastructure/persistence/sql/index.js';
import { dealbot, DEFAULT_YAML } from './bad-input/harness.js';

/**
 * The read commands without a running bot read what the database holds, as the bot would start
 * from it: pairs changed or removed by the operator, stored pauses. A real SQLite file written
 * through the real repositories, the real CLI spawned on it; nothing listens on the API's port.
 */

const dir = mkdtempSync(join(tmpdir(), 'dealbot-steer-db-'));
let nobody = '';
const env = (): NodeJS.ProcessEnv => Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(DATABASE_URL|DEALBOT_|NODE_OPTIONS|VITEST)/.test(key)));

beforeAll(async () => {
  nobody = await new Promise<string>((done) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => done(`http://127.0.0.1:${port}`));
    });
  });
  writeFileSync(join(dir, 'dealbot.yaml'), DEFAULT_YAML.replace(/^database: .*$/m, 'database: "sqlite:./bot.db"'));
  const database = await openDatabase(`sqlite:${join(dir, 'bot.db')}`);
  await migrateToLatest(database);
  await new SqlUnitOfWork(database).run(async (r) => {
    await r.pairs.save(CurrencyPair.create({ symbol: 'BTC/USDT', dealQuota: '400', profitMarkup: '0.004', dealCount: 6, orderLifeTime: 900 }), 'api');
    await r.pairs.save(CurrencyPair.create({ symbol: 'SOL/USDT', dealQuota: '200', profitMarkup: '0.006', dealCount: 3, orderLifeTime: 600 }), 'config');
    await r.pairs.markRemoved('SOL/USDT', Date.UTC(2024, 0, 1));
    // seeded from an older config: the config's settings apply again at the next start
    await r.pairs.save(CurrencyPair.create({ symbol: 'ETH/USDT', dealQuota: '999', profitMarkup: '0.005', dealCount: 2, orderLifeTime: 900 }), 'config');
    await r.pairs.save(CurrencyPair.create({ symbol: 'ADA/USDT', dealQuota: '50', profitMarkup: '0.01', dealCount: 1, orderLifeTime: 300 }), 'api');
    await r.pauses.save({ symbol: 'BTC/USDT', until: null, reason: 'news', createdAt: Date.UTC(2024, 0, 1) });
  });
  await database.close();
});

describe('read commands without a bot', () => {
  it('pairs list as the bot would start: the operator\'s settings and pause, a removed pair left out, a config pair with the config\'s settings, the operator\'s added pair last', async () => {
    const run = await dealbot(['pairs', 'list', '--api-url', nobody, '--verbose'], dir, env());
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`dealbot: no dealbot is running at ${nobody}; reading the database sqlite:./bot.db`);
    expect(run.stdout.split('\n').slice(2)).toEqual([
      'BTC/USDT  default         400   0.004      6           900        0           -  until resumed (news)  api',
      'ETH/USDT  default         300   0.005      2           900        0           -  -                     config',
      'ADA/USDT  default          50    0.01      1           300        0           -  -                     api',
      '',
    ]);
    const json = await dealbot(['pairs', 'list', '--api-url', nobody, '--json'], dir, env());
    const { pairs } = JSON.parse(json.stdout) as { pairs: { symbol: string; paused: unknown; source: string }[] };
    expect(pairs.map((p) => [p.symbol, p.source])).toEqual([['BTC/USDT', 'api'], ['ETH/USDT', 'config'], ['ADA/USDT', 'api']]);
    expect(pairs[0]?.paused).toEqual({ pair: 'BTC/USDT', until: null, reason: 'news' });
  }, 60_000);

  it('status counts the deals, deals show of an unknown id is one line, and neither writes a file', async () => {
    const status = await dealbot(['status', '--api-url', nobody], dir, env());
    expect(status.code).toBe(0);
    expect(status.stdout).toBe(`no dealbot is running at ${nobody}; the database sqlite:./bot.db holds 0 deals\n`);
    const shown = await dealbot(['deals', 'show', 'nope', '--api-url', nobody], dir, env());
    expect(shown.code).toBe(1);
    expect(shown.stderr).toBe('dealbot: no deal nope in the database sqlite:./bot.db\n');
    expect(readdirSync(dir).sort()).toEqual(['bot.db', 'dealbot.yaml']);
  }, 60_000);
});
