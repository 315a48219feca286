import type { Deal } from '../../../domain/deal/deal.entity.js';
import type { DomainEvent } from '../../../domain/events.js';
import type { EventPublisher } from '../../../domain/ports/event-publisher.port.js';
import type { Repositories, UnitOfWork } from '../../../domain/ports/repositories.port.js';
import {
  InMemoryCandlesRepository,
  InMemoryDealsRepository,
  InMemoryOrdersRepository,
  InMemoryOutboxRepository,
  InMemoryApiRequestsRepository,
  InMemoryPairsRepository,
  InMemoryPausesRepository,
  writeDeal,
} from './in-memory.repositories.js';
import { beginTransaction, commitTransaction, MemoryDatabase, type MemoryTransaction, type OutboxRow } from './memory-database.js';

/**
 * Runs work in a transaction over the in-memory tables. After commit the outbox rows of the
 * transaction go to the publisher and leave the outbox, as the SQL outbox relay does. With a
 * publisher they are not written to the outbox table only to be deleted after publishing:
 * they go into it only when publishing fails, so that the outbox holds what was not published.
 */
export class InMemoryUnitOfWork implements UnitOfWork {
  constructor(
    readonly db: MemoryDatabase = new MemoryDatabase(),
    private readonly publisher: EventPublisher | null = null,
  ) {}

  async run<T>(work: (repos: Repositories) => Promise<T>): Promise<T> {
    const tx = beginTransaction(this.db);
    const result = await work(repositoriesOf(tx));
    const publisher = this.publisher;
    const rows = publisher === null ? NO_ROWS : tx.takeOutbox();
    commitTransaction(tx);
    if (publisher !== null && rows.length > 0) await publishOrKeep(this.db, publisher, rows);
    return result;
  }

  /**
   * Writes the deal's rows straight into the tables, without a transaction's overlays: writing
   * them cannot fail half way (writeDeal). A backtest saves deals thousands of times a second,
   * and a `run` costs a dozen promises.
   */
  saveDeal(deal: Deal): Promise<void> {
    const db = this.db;
    writeDeal(db, deal);
    return this.#keep(deal.pullEvents());
  }

  /** As saveDeal, each deal in turn: a write that cannot fail half way needs no transaction. */
  saveDeals(deals: readonly Deal[]): Promise<void> {
    const events: DomainEvent[] = [];
    for (const deal of deals) {
      writeDeal(this.db, deal);
      events.push(...deal.pullEvents());
    }
    return this.#keep(events);
  }

  /** The events of written deals: to the publisher, or into the outbox. */
  #keep(events: readonly DomainEvent[]): Promise<void> {
    const db = this.db;
    if (events.length === 0) return DONE;
    const rows = events.map((event): OutboxRow => ({ id: db.nextOutboxId++, event, published: false }));
    if (this.publisher !== null) return publishOrKeep(db, this.publisher, rows);
    keepRows(db, rows);
    return DONE;
  }

  /** Reads outside any unit of work see committed state only. */
  get repositories(): Repositories {
    return repositoriesOf(beginTransaction(this.db));
  }

  async read<T>(work: (repos: Repositories) => Promise<T>): Promise<T> {
    return work(this.repositories);
  }
}

const DONE = Promise.resolve();
const NO_ROWS: readonly OutboxRow[] = Object.freeze([]);

/** Hands committed rows' events to the publisher; the rows go into the outbox only when that fails. */
function publishOrKeep(db: MemoryDatabase, publisher: EventPublisher, rows: readonly OutboxRow[]): Promise<void> {
  const events: DomainEvent[] = new Array<DomainEvent>(rows.length);
  for (let i = 0; i < rows.length; i += 1) events[i] = rows[i]!.event;
  let pending: Promise<void> | void;
  try {
    pending = publisher.publish(events);
  } catch (error) {
    keepRows(db, rows);
    return Promise.reject(error as Error);
  }
  if (pending === undefined) return DONE;
  return pending.catch((error: unknown) => {
    keepRows(db, rows);
    throw error;
  });
}

/** Rows whose events are not (yet) published go into the outbox table. */
function keepRows(db: MemoryDatabase, rows: readonly OutboxRow[]): void {
  for (const row of rows) db.outbox.set(String(row.id), row);
}

function repositoriesOf(tx: MemoryTransaction): Repositories {
  return new TransactionRepositories(tx);
}

/** The repositories of one transaction, each made when first used. */
class TransactionRepositories implements Repositories {
  #deals: InMemoryDealsRepository | null = null;
  #orders: InMemoryOrdersRepository | null = null;
  #pairs: InMemoryPairsRepository | null = null;
  #pauses: InMemoryPausesRepository | null = null;
  #candles: InMemoryCandlesRepository | null = null;
  #outbox: InMemoryOutboxRepository | null = null;
  #apiRequests: InMemoryApiRequestsRepository | null = null;

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

  get pauses(): InMemoryPausesRepository {
    return (this.#pauses ??= new InMemoryPausesRepository(this.tx));
  }

  get candles(): InMemoryCandlesRepository {
    return (this.#candles ??= new InMemoryCandlesRepository(this.tx));
  }

  get outbox(): InMemoryOutboxRepository {
    return (this.#outbox ??= new InMemoryOutboxRepository(this.tx));
  }

  get apiRequests(): InMemoryApiRequestsRepository {
    return (this.#apiRequests ??= new InMemoryApiRequestsRepository(this.tx));
  }
}
