import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { OperatorActed } from '../../domain/operator/operator-acted.event.js';
import type { UnitOfWork } from '../../domain/ports/repositories.port.js';
import { ApiError, invalid } from './errors.js';

/** How an operator action ended: the answer, and one line for the event log. */
export interface ActionResult {
  readonly status: number;
  readonly body: unknown;
  readonly outcome: string;
}

const KEY_HEADER = 'idempotency-key';

/**
 * Runs the mutating calls: a call with an Idempotency-Key already answered gets the stored
 * answer (header Idempotent-Replayed: true) without acting again, across restarts; the same
 * key with another method, path or body is 409. Each call that ran is recorded as an
 * OperatorActed event, in the transaction that stores its key's answer. Calls with the same
 * key wait for each other.
 */
export class OperatorJournal {
  readonly #running = new Map<string, Promise<unknown>>();

  constructor(
    private readonly uow: UnitOfWork,
    private readonly wallClock: () => number,
  ) {}

  async handle(request: FastifyRequest, reply: FastifyReply, action: string, run: () => Promise<ActionResult>): Promise<FastifyReply> {
    const key = keyOf(request);
    const method = request.method;
    const path = request.url.split('?')[0] ?? request.url;
    const bodyHash = createHash('sha256').update(JSON.stringify(request.body ?? null)).digest('hex');
    if (key === null) return answer(reply, await this.#act(request, action, null, run));
    while (this.#running.has(key)) await this.#running.get(key)!.catch(() => undefined);
    const stored = await this.uow.read((r) => r.apiRequests.get(key));
    if (stored !== null) {
      if (stored.method !== method || stored.path !== path || stored.bodyHash !== bodyHash) {
        throw new ApiError('conflict', `Idempotency-Key ${key} was used for another request (${stored.method} ${stored.path}${stored.bodyHash === bodyHash ? '' : ' with another body'})`);
      }
      reply.header('idempotent-replayed', 'true');
      return reply.code(stored.status).type('application/json; charset=utf-8').send(stored.response);
    }
    const running = this.#act(request, action, { key, method, path, bodyHash }, run);
    this.#running.set(key, running);
    try {
      return answer(reply, await running);
    } finally {
      this.#running.delete(key);
    }
  }

  /** Runs the action; its answer and the event commit together (an invalid request is not recorded). */
  async #act(request: FastifyRequest, action: string, keyed: { key: string; method: string; path: string; bodyHash: string } | null, run: () => Promise<ActionResult>): Promise<ActionResult> {
    let result: ActionResult;
    try {
      result = await run();
    } catch (error) {
      if (!(error instanceof ApiError) || error.code === 'invalid_request' || error.status >= 500) throw error;
      result = { status: error.status, body: error.body, outcome: error.message };
    }
    const at = this.wallClock();
    const event: OperatorActed = {
      type: 'OperatorActed',
      occurredAt: at,
      action,
      parameters: { ...(request.params as object), ...(typeof request.body === 'object' && request.body !== null ? request.body : {}) },
      status: result.status,
      outcome: result.outcome,
      idempotencyKey: keyed?.key ?? null,
    };
    await this.uow.run(async (r) => {
      if (keyed !== null) await r.apiRequests.add({ ...keyed, status: result.status, response: JSON.stringify(result.body), createdAt: at });
      await r.outbox.add([event]);
    });
    return result;
  }
}

const answer = (reply: FastifyReply, result: ActionResult): FastifyReply => reply.code(result.status).send(result.body);

function keyOf(request: FastifyRequest): string | null {
  const value = request.headers[KEY_HEADER];
  if (value === undefined) return null;
  if (typeof value !== 'string' || value.length < 1 || value.length > 200) throw invalid('Idempotency-Key', 'must be 1-200 characters');
  return value;
}
