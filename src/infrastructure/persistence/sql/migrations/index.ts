import type { Migration, MigrationProvider } from 'kysely';
import { initialMigration } from './0001-initial.js';
import { outboxMigration } from './0002-outbox.js';
import { exitsMigration } from './0003-exits.js';
import { recoveredMigration } from './0004-recovered.js';
import { feeCurrencyMigration } from './0005-fee-currency.js';
import { pairExitsMigration } from './0007-pair-exits.js';
import { operatorStateMigration } from './0008-operator-state.js';
import { apiRequestsMigration } from './0009-api-requests.js';
import { dealsByAgeMigration } from './0010-deals-by-age.js';
import { eventDeliveryMigration } from './0011-event-delivery.js';
import { dcaMigration } from './0012-dca.js';
import { studiesMigration } from './0013-studies.js';
import { botsMigration } from './0014-bots.js';
import { pairCooldownMigration } from './0015-pair-cooldown.js';
import type { SqlDialect } from './column-types.js';

/** Every migration this dealbot knows, by name; names sort in the order they apply. */
export function dealbotMigrations(dialect: SqlDialect): Record<string, Migration> {
  return {
    '0001_initial': initialMigration(dialect),
    '0002_outbox': outboxMigration(dialect),
    '0003_exits': exitsMigration(dialect),
    '0004_recovered': recoveredMigration(),
    '0005_fee_currency': feeCurrencyMigration(dialect),
    '0007_pair_exits': pairExitsMigration(dialect),
    '0008_operator_state': operatorStateMigration(dialect),
    '0009_api_requests': apiRequestsMigration(dialect),
    '0010_deals_by_age': dealsByAgeMigration(),
    '0011_event_delivery': eventDeliveryMigration(dialect),
    '0012_dca': dcaMigration(dialect),
    '0013_studies': studiesMigration(dialect),
    '0014_bots': botsMigration(),
    '0015_pair_cooldown': pairCooldownMigration(dialect),
  };
}

/** In code rather than read from a folder, so it works the same from tsx and from dist/. */
export class InCodeMigrationProvider implements MigrationProvider {
  constructor(private readonly dialect: SqlDialect) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    return dealbotMigrations(this.dialect);
  }
}

export type { SqlDialect } from './column-types.js';
