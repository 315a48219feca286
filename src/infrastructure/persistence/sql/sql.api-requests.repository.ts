import type { Kysely } from 'kysely';
import type { ApiRequestRecord, ApiRequestsRepository } from '../../../domain/ports/repositories.port.js';
import type { DealbotSchema } from './schema.js';

export class SqlApiRequestsRepository implements ApiRequestsRepository {
  constructor(private readonly db: Kysely<DealbotSchema>) {}

  async get(key: string): Promise<ApiRequestRecord | null> {
    const row = await this.db.selectFrom('api_requests').selectAll().where('idempotency_key', '=', key).executeTakeFirst();
    if (row === undefined) return null;
    return { key: row.idempotency_key, method: row.method, path: row.path, bodyHash: row.body_sha256, status: Number(row.status), response: row.response, createdAt: Number(row.created_at) };
  }

  async add(record: ApiRequestRecord): Promise<void> {
    await this.db
      .insertInto('api_requests')
      .values({ idempotency_key: record.key, method: record.method, path: record.path, body_sha256: record.bodyHash, status: record.status, response: record.response, created_at: record.createdAt })
      .onConflict((oc) => oc.column('idempotency_key').doNothing())
      .execute();
  }

  async finish(key: string, status: number, response: string): Promise<void> {
    await this.db.updateTable('api_requests').set({ status, response }).where('idempotency_key', '=', key).execute();
  }

  async remove(key: string): Promise<void> {
    await this.db.deleteFrom('api_requests').where('idempotency_key', '=', key).execute();
  }
}
