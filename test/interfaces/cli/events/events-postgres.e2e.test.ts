import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase, SqlUnitOfWork } from '../../../../src/infrastructure/persistence/sql/index.js';
import { createPostgresTestSchema, POSTGRES_TEST_URL, postgresService, serviceAvailable } from '../../../support/services.js';
import { dealbot } from '../bad-input/harness.js';
import { botFolder, cleanEnv, sampleEvents, startDealbot, T0 } from './events-fixture.js';

/** `dealbot events tail` on PostgreSQL: a schema of its own, events committed through the unit of work. */
describe.skipIf(!(await serviceAvailable(postgresService())))('dealbot events tail on PostgreSQL', () => {
  let url = '';
  let drop: () => Promise<void> = async () => undefined;
  let dir = '';
  beforeAll(async () => {
    const created = await createPostgresTestSchema();
    drop = created.drop;
    url = `${POSTGRES_TEST_URL}?schema=${created.schema}`;
    const database = await openDatabase(url);
    try {
      await migrateToLatest(database);
      await new SqlUnitOfWork(database).run((r) => r.outbox.add(sampleEvents(2)));
    } finally {
      await database.close();
    }
    dir = await botFolder(null);
  });
  afterAll(async () => {
    await drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints the last events and, with --follow, one committed later', async () => {
    const last = await dealbot(['events', 'tail', '--database', url, '--limit', '2'], dir, cleanEnv());
    expect(last.stderr).toBe('');
    expect(last.stdout).toBe([
      '2026-12-01 08:08:00  #8  DealClosed               BTC/USDT   deal d2  PnL 0.2, fees 0.04 (take profit)',
      '2026-12-01 08:09:00  #9  OperatorActed            -          -  pause (200): paused ETH/USDT',
      '',
    ].join('\n'));
    const running = startDealbot(['events', 'tail', '--database', url, '--follow', '--limit', '1'], dir, cleanEnv());
    try {
      await running.waitFor(/#9 /);
      const database = await openDatabase(url);
      try {
        await new SqlUnitOfWork(database).run((r) => r.outbox.add([{ type: 'DealCancelled', occurredAt: T0 + 30 * 60_000, dealId: 'd3', symbol: 'ETH/USDT', reason: 'buy expired' }]));
      } finally {
        await database.close();
      }
      await running.waitFor(/#10 /);
      running.child.kill('SIGTERM');
      expect(await running.exited).toBe(0);
      expect(running.stdout().split('\n').slice(1)).toEqual(['2026-12-01 08:30:00  #10  DealCancelled            ETH/USDT   deal d3  buy expired', '']);
    } finally {
      running.child.kill('SIGKILL');
    }
  }, 60_000);
});
