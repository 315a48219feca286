import type { EventPublisher } from '../domain/ports/event-publisher.port.js';
import type { UnitOfWork } from '../domain/ports/repositories.port.js';
import type { DealbotConfig } from '../infrastructure/config/config.schema.js';
import { RelayingUnitOfWork } from '../infrastructure/events/outbox-relay.js';
import { acquireInstanceLock } from '../infrastructure/persistence/instance-lock/index.js';
import { migrateToLatest, openDatabase, SqlUnitOfWork } from '../infrastructure/persistence/sql/index.js';

export interface Store {
  readonly uow: UnitOfWork;
  readonly location: string;
  close(): Promise<void>;
}

/** The database of the config, migrated, with events relayed as they commit. */
export async function openStore(config: DealbotConfig, publisher: EventPublisher, url = config.database): Promise<Store> {
  const database = await openDatabase(url);
  // One run per database, taken before migrations or any state is read; released after the close.
  const lock = await acquireInstanceLock(url, database, config.botPrefix).catch(async (error: unknown) => {
    await database.close();
    throw error;
  });
  const close = async (): Promise<void> => {
    await database.close();
    await lock.release();
  };
  try {
    await migrateToLatest(database);
  } catch (error) {
    await close();
    throw error;
  }
  const uow = new RelayingUnitOfWork(new SqlUnitOfWork(database), publisher);
  return { uow, location: database.location, close };
}
