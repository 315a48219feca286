import type { Kysely } from 'kysely';
import type { PauseRecord, PausesRepository } from '../../../domain/ports/repositories.port.js';
import { pauseOrder } from '../pause-order.js';
import type { DealbotSchema } from './schema.js';

type Db = Kysely<DealbotSchema>;

/** One row per paused pair, `pair` null for the pause of all pairs; a save replaces the row of its pair. */
export class SqlPausesRepository implements PausesRepository {
  constructor(private readonly db: Db) {}

  async save(pause: PauseRecord): Promise<void> {
    await this.delete(pause.symbol);
    await this.db.insertInto('pauses').values({ pair: pause.symbol, until: pause.until, reason: pause.reason, created_at: pause.createdAt }).execute();
  }

  async delete(symbol: string | null): Promise<void> {
    await this.db
      .deleteFrom('pauses')
      .where('pair', symbol === null ? 'is' : '=', symbol)
      .execute();
  }

  async clear(): Promise<void> {
    await this.db.deleteFrom('pauses').execute();
  }

  async getAll(): Promise<PauseRecord[]> {
    const rows = await this.db.selectFrom('pauses').selectAll().execute();
    return rows
      .map((row) => ({ symbol: row.pair, until: row.until === null ? null : Number(row.until), reason: row.reason, createdAt: Number(row.created_at) }))
      .sort(pauseOrder);
  }
}
