import type { DomainEvent } from '../../../domain/events.js';
import type { EventPublisher } from '../../../domain/ports/event-publisher.port.js';
import type { Repositories, UnitOfWork } from '../../../domain/ports/repositories.port.js';
import {
  InMemoryCandlesRepository,
  InMemoryDealsRepository,
  InMemoryOrdersRepository,
  InMemoryOutboxRepository,
  InMemoryPairsRepository,
} from './in-memory.repositories.js';
import { beginTransaction, commitTransaction, MemoryDatabase, type MemoryTransaction } from './memory-database.js';

/**
 * Runs work in a transaction over the in-memory tables. After commit the outbox rows of the
 * transaction go to the publisher and leave the outbox, as the SQL outbox relay does.
 */
export class InMemoryUnitOfWork implements UnitOfWork {
  constructor(
    readonly db: MemoryDatabase = new MemoryDatabase(),
    private readonly publisher: EventPublisher | null = null,
  ) {}

  async run<T>(work: (repos: Repositories) => Promise<T>): Promise<T> {
    const tx = beginTransaction(this.db);
    const result = await work(repositoriesOf(tx));
    const rows = tx.outboxWritten();
    commitTransaction(tx);
    if (this.publisher) {
      const events: DomainEvent[] = rows.map((row) => row.event);
      if (events.length > 0) {
        await this.publisher.publish(events);
        for (const row of rows) this.db.outbox.delete(String(row.id));
      }
    }
    return result;
  }

  /** Reads outside any unit of work see committed state only. */
  get repositories(): Repositories {
    return repositoriesOf(beginTransaction(this.db));
  }

  async read<T>(work: (repos: Repositories) => Promise<T>): Promise<T> {
    return work(this.repositories);
  }
}

function repositoriesOf(tx: MemoryTransaction): Repositories {
  return new TransactionRepositories(tx);
}

/** The repositories of one transaction, each made when first used. */
class TransactionRepositories implements Repositories {
  #deals: InMemoryDealsRepository | null = null;
  #orders: InMemoryOrdersRepository | null = null;
  #pairs: InMemoryPairsRepository | null = null;
  #candles: InMemoryCandlesRepository | null = null;
  #outbox: InMemoryOutboxRepository | null = null;

  constructor(private readonly tx: MemoryTransaction) {}

  get deals(): InMemoryDealsRepository {
    return (this.#deals ??= new InMemoryDealsRepository(this.tx));
  }

  get orders(): InMemoryOrdersRepository {
    return (this.#orders ??= new InMemoryOrdersRepository(this.tx));
  }

  get pairs(): InMemoryPairsRepository {
    return (this.#pairs ??= new InMemoryPairsRepository(this.tx));
  }

  get candles(): InMemoryCandlesRepository {
    return (this.#candles ??= new InMemoryCandlesRepository(this.tx));
  }

  get outbox(): InMemoryOutboxRepository {
    return (this.#outbox ??= new InMemoryOutboxRepository(this.tx));
  }
}
