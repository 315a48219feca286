import type { EventPublisher } from '../../domain/ports/event-publisher.port.js';
import type { Deal } from '../../domain/deal/deal.entity.js';
import type { Repositories, UnitOfWork } from '../../domain/ports/repositories.port.js';
import { saveDealsThrough, saveDealThrough } from '../persistence/save-deal-through.js';

/**
 * Moves committed events from the outbox to a publisher, oldest first, marking each batch
 * published once the publisher took it. A crash in between publishes a batch again on the
 * next drain (at-least-once), never loses it.
 */
export class OutboxRelay {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly publisher: EventPublisher,
    private readonly batchSize = 100,
  ) {}

  #turn: Promise<unknown> = Promise.resolve();

  /**
   * Publishes everything pending; returns how many events went out. Drains run one after
   * another: two at once (commits of the loop and of the API at the same time) would both read
   * the same unpublished rows before either marked them, and publish them twice.
   */
  drain(): Promise<number> {
    const turn = this.#turn.then(() => this.#drainNow());
    this.#turn = turn.catch(() => {});
    return turn;
  }

  async #drainNow(): Promise<number> {
    let sent = 0;
    for (;;) {
      const batch = await this.uow.run((r) => r.outbox.unpublished(this.batchSize));
      if (batch.length === 0) return sent;
      await this.publisher.publish(batch.map((entry) => entry.event));
      await this.uow.run((r) => r.outbox.markPublished(batch.map((entry) => entry.id)));
      sent += batch.length;
    }
  }
}

/**
 * A unit of work that drains the outbox after every commit, so events go out as they happen.
 * `onCommit` (synchronous, cheap: waking the destination relays) is told of each commit first.
 */
export class RelayingUnitOfWork implements UnitOfWork {
  readonly #relay: OutboxRelay;

  constructor(
    private readonly inner: UnitOfWork,
    publisher: EventPublisher,
    private readonly onCommit: () => void = () => {},
  ) {
    this.#relay = new OutboxRelay(inner, publisher);
  }

  async run<T>(work: (repos: Repositories) => Promise<T>): Promise<T> {
    const result = await this.inner.run(work);
    this.onCommit();
    await this.#relay.drain();
    return result;
  }

  /** Through `run`, so the events go out after the commit. */
  saveDeal(deal: Deal): Promise<void> {
    return saveDealThrough(this, deal);
  }

  /**
   * The tick's write-ahead commit of new deals: their buys go out right after it, so it does
   * not wait for the events to be published. The drain starts at once; a drain that fails
   * leaves the rows unpublished for the next one (every later commit drains).
   */
  async saveDeals(deals: readonly Deal[]): Promise<void> {
    await saveDealsThrough(this.inner, deals);
    this.onCommit();
    this.#relay.drain().catch(() => {});
  }

  read<T>(work: (repos: Repositories) => Promise<T>): Promise<T> {
    return this.inner.read(work);
  }

  drain(): Promise<number> {
    return this.#relay.drain();
  }
}
