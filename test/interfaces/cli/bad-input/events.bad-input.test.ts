import { join } from 'node:path';
import type { DomainEvent } from '../../../../src/domain/events.js';
import { migrateToLatest, openDatabase, SqlUnitOfWork } from '../../../../src/infrastructure/persistence/sql/index.js';
import { badInputTable, DEFAULT_YAML, type BadCase } from './harness.js';

/** `dealbot events tail|replay` refused: one line, exit 2 for a bad command line, 1 otherwise, nothing written. */

const EVENT: DomainEvent = { type: 'DealCancelled', occurredAt: Date.UTC(2026, 11, 1), dealId: 'd1', symbol: 'ETH/USDT', reason: 'buy expired' };

async function outbox(dir: string): Promise<void> {
  const database = await openDatabase(`sqlite:${join(dir, 'bot.db')}`);
  try {
    await migrateToLatest(database);
    await new SqlUnitOfWork(database).run((r) => r.outbox.add([EVENT]));
  } finally {
    await database.close();
  }
}

const withDatabase = { 'dealbot.yaml': DEFAULT_YAML.replace(/^database: .*$/m, 'database: "sqlite:./bot.db"') };
const withBrokers = {
  'dealbot.yaml': `${DEFAULT_YAML.replace(/^database: .*$/m, 'database: "sqlite:./bot.db"')}\nevents:\n  destinations:\n    - { type: rabbitmq, urlEnv: TEST_RABBIT_URL }\n    - { type: webhook, name: "webhook:alerts" }\n`,
};
const withNats = { 'dealbot.yaml': `${DEFAULT_YAML}\nevents:\n  destinations:\n    - { type: nats, stream: NO_SUCH_STREAM }\n` };
const tail = (name: string, args: string[], code: 1 | 2, says: RegExp, extra: Partial<BadCase> = {}): BadCase => ({ name, args: ['events', 'tail', ...args], code, says, files: withDatabase, setup: outbox, ...extra });
const replay = (name: string, args: string[], code: 1 | 2, says: RegExp, extra: Partial<BadCase> = {}): BadCase => ({ name, args: ['events', 'replay', ...args], code, says, files: withBrokers, setup: outbox, ...extra });

badInputTable('dealbot events: bad input', [
  tail('tail: an unknown --type, the known ones listed', ['--type', 'DealOpened,DealOpend'], 2, /--type: "DealOpend" is not an event type; known: DealOpened, DealBought, .*OperatorActed/),
  tail('tail: an empty --type', ['--type', ','], 2, /--type: name an event type/),
  tail('tail: a --since that is not a date', ['--since', 'yesterday'], 2, /--since must be a date like 2018-01-15 or 2018-01-15T12:00:00Z, got "yesterday"/),
  tail('tail: a --since on a day that does not exist', ['--since', '2026-02-30'], 2, /--since must be a date .*got "2026-02-30"/),
  tail('tail: --limit 0', ['--limit', '0'], 2, /--limit must be a whole number >= 1, got "0"/),
  tail('tail: --limit not a number', ['--limit', 'ten'], 2, /--limit must be a whole number >= 1, got "ten"/),
  tail('tail: an unknown --from', ['--from', 'kafka'], 2, /--from must be one of outbox, rabbitmq, nats, got "kafka"/),
  tail('tail: a database file that does not exist is named, not created', ['--database', 'sqlite:./no/such.db'], 1, /sqlite:\/.*\/no\/such\.db does not exist/),
  tail('tail: the config\'s database file missing', [], 1, /sqlite:\/.*\/bot\.db does not exist/, { setup: undefined }),
  tail('tail: --since with --from rabbitmq', ['--from', 'rabbitmq', '--since', '2026-12-01'], 2, /--since needs --from outbox or nats: RabbitMQ keeps no history/),
  tail('tail: --database with --from nats', ['--from', 'nats', '--database', 'sqlite:./bot.db'], 2, /--database reads the outbox; it does not go with --from nats/),
  tail('tail: --from nats without a nats destination in the config', ['--from', 'nats'], 1, /dealbot\.yaml: events\.destinations has no nats destination to read from/),
  tail('tail: --from rabbitmq with its URL variable unset', ['--from', 'rabbitmq'], 1, /set TEST_RABBIT_URL to the RabbitMQ URL, e\.g\. amqp:\/\/.*\(events\.destinations: rabbitmq\)/, { files: withBrokers }),
  tail('tail: --from rabbitmq with nothing listening', ['--from', 'rabbitmq'], 1, /^dealbot: cannot read RabbitMQ \(TEST_RABBIT_URL\): connect ECONNREFUSED 127\.0\.0\.1:1$/, { files: withBrokers, env: { TEST_RABBIT_URL: 'amqp://guest:guest@127.0.0.1:1' } }),
  tail('tail: --from nats with nothing listening', ['--from', 'nats'], 1, /^dealbot: cannot read NATS \(DEALBOT_NATS_URL\): [^\n]+$/, { files: withNats, env: { DEALBOT_NATS_URL: 'nats://127.0.0.1:1' } }),
  tail('tail: the packaged default config\'s in-memory database', [], 1, /^dealbot: the database is sqlite::memory: \(.*config\/default\.yaml\), which only its own run can read; name the bot's database with --database or DATABASE_URL$/, { files: {}, setup: undefined }),
  replay('replay: an in-memory database from DATABASE_URL', ['--since', '2026-12-01', '--to', 'rabbitmq'], 1, /^dealbot: the database is sqlite::memory:, which only its own run/, { env: { DATABASE_URL: 'sqlite::memory:' } }),
  replay('replay: an unknown --to, the configured names listed', ['--since', '2026-12-01', '--to', 'kafka'], 2, /--to: no destination "kafka" in dealbot\.yaml; configured: rabbitmq, webhook:alerts$/),
  replay('replay: to the console log', ['--since', '2026-12-01', '--to', 'log'], 2, /^dealbot: --to log: a log destination without a path is the run's console; print stored events with `dealbot events tail --since DATE`$/, { files: withDatabase }),
  replay('replay: without --since', ['--to', 'rabbitmq'], 2, /required option '--since <date>' not specified/),
  replay('replay: without --to', ['--since', '2026-12-01'], 2, /required option '--to <name>' not specified/),
  replay('replay: --until before --since', ['--since', '2026-12-02', '--until', '2026-12-01', '--to', 'rabbitmq'], 2, /--until must be after --since/),
  replay('replay: a bad --until', ['--since', '2026-12-01', '--until', '2026-12-01T25:00:00Z', '--to', 'rabbitmq'], 2, /--until must be a date .*got "2026-12-01T25:00:00Z"/),
  replay('replay: an unknown --type', ['--since', '2026-12-01', '--to', 'rabbitmq', '--type', 'Nope'], 2, /--type: "Nope" is not an event type/),
  replay('replay: a database file that does not exist', ['--since', '2026-12-01', '--to', 'rabbitmq', '--database', 'sqlite:./gone.db'], 1, /sqlite:\/.*\/gone\.db does not exist/),
]);
