import type { EventPublisher } from '../domain/ports/event-publisher.port.js';
import type { UnitOfWork } from '../domain/ports/repositories.port.js';
import type { DealbotConfig } from '../infrastructure/config/config.schema.js';
import { EventRelays, type RelaySetup } from '../infrastructure/events/event-relays.js';
import { RelayingUnitOfWork } from '../infrastructure/events/outbox-relay.js';
import { acquireInstanceLock } from '../infrastructure/persistence/instance-lock/index.js';
import { migrateToLatest, openDatabase, SqlOutboxLog, SqlUnitOfWork } from '../infrastructure/persistence/sql/index.js';

/** How long a closing store lets its relays deliver what is committed. */
export const RELAY_GRACE_MS = 5_000;

export type StoreEvents = RelaySetup;

export interface Store {
  readonly uow: UnitOfWork;
  readonly location: string;
  /** The relays of the destinations given (none: an empty list). */
  readonly relays: EventRelays;
  close(): Promise<void>;
}

/** The database of the config, migrated, with events relayed as they commit. */
export async function openStore(config: DealbotConfig, publisher: EventPublisher, url = config.database, events: StoreEvents = {}): Promise<Store> {
  // the store owns the destinations: a store that does not open closes them
  const refuse = async (error: unknown): Promise<never> => {
    await Promise.all((events.destinations ?? []).map((d) => d.close().catch(() => {})));
    throw error;
  };
  const database = await openDatabase(url).catch(refuse);
  // One run per database, taken before migrations or any state is read; released after the close.
  const lock = await acquireInstanceLock(url, database, config.botPrefix).catch(async (error: unknown) => {
    await database.close();
    return refuse(error);
  });
  const closeDatabase = async (): Promise<void> => {
    await database.close();
    await lock.release();
  };
  try {
    await migrateToLatest(database);
  } catch (error) {
    await closeDatabase();
    return refuse(error);
  }
  const relays = new EventRelays(events.destinations ?? [], new SqlOutboxLog(database.db), {
    botPrefix: config.botPrefix,
    batchSize: config.events.batchSize,
    retry: config.events.retry,
    ...(events.log && { log: events.log }),
  });
  // every cursor is known before trading commits anything: a new destination misses no event of this run
  await relays.start();
  const uow = new RelayingUnitOfWork(new SqlUnitOfWork(database), publisher, () => relays.wake());
  const close = async (): Promise<void> => {
    await relays.stop(RELAY_GRACE_MS);
    await closeDatabase();
  };
  return { uow, location: database.location, relays, close };
}
