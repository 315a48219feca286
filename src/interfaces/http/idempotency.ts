import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { OperatorActed } from '../../domain/operator/operator-acted.event.js';
import type { ApiRequestRecord, UnitOfWork } from '../../domain/ports/repositories.port.js';
import { ApiError, invalid } from './errors.js';

/** How an operator action ended: the answer, and one line for the event log. */
export interface ActionResult {
  readonly status: number;
  readonly body: unknown;
  readonly outcome: string;
}

const KEY_HEADER = 'idempotency-key';
interface KeyedCall {
  readonly key: string;
  readonly method: string;
  readonly path: string;
  readonly bodyHash: string;
}

/** The status of a key whose call has begun and not ended. */
const RUNNING = 0;

/** A key whose call began and never ended (the bot stopped or failed mid-action): its outcome is unknown. */
function unfinished(key: string, since: number): ApiError {
  return new ApiError('conflict', `Idempotency-Key ${key}: a call with this key began at ${new Date(since).toISOString()} and its outcome was not recorded (the bot stopped or failed mid-action): check the deals, then retry with a new key`);
}

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
    // no await between the check above and this: one call per key runs in this process at a time
    const work = this.#once(request, action, { key, method, path, bodyHash }, run);
    this.#running.set(key, work);
    try {
      const done = await work;
      if ('result' in done) return answer(reply, done.result);
      reply.header('idempotent-replayed', 'true');
      return reply.code(done.stored.status).type('application/json; charset=utf-8').send(done.stored.response);
    } finally {
      this.#running.delete(key);
    }
  }

  /** A keyed call: the stored answer of an earlier one, or this one run with its key written first. */
  async #once(request: FastifyRequest, action: string, keyed: KeyedCall, run: () => Promise<ActionResult>): Promise<{ readonly result: ActionResult } | { readonly stored: ApiRequestRecord }> {
    const { key, method, path, bodyHash } = keyed;
    const stored = await this.uow.read((r) => r.apiRequests.get(key));
    if (stored !== null) {
      if (stored.method !== method || stored.path !== path || stored.bodyHash !== bodyHash) {
        throw new ApiError('conflict', `Idempotency-Key ${key} was used for another request (${stored.method} ${stored.path}${stored.bodyHash === bodyHash ? '' : ' with another body'})`);
      }
      if (stored.status === RUNNING) throw unfinished(key, stored.createdAt);
      return { stored };
    }
    // the key is written before the call acts: a bot that dies mid-action leaves it, and a retry is refused rather than acting twice
    await this.uow.run((r) => r.apiRequests.add({ ...keyed, status: RUNNING, response: '', createdAt: this.wallClock() }));
    return { result: await this.#act(request, action, keyed, run) };
  }

  /** Runs the action; its answer and the event commit together (an invalid request is not recorded). */
  async #act(request: FastifyRequest, action: string, keyed: KeyedCall | null, run: () => Promise<ActionResult>): Promise<ActionResult> {
    let result: ActionResult;
    try {
      result = await run();
    } catch (error) {
      if (!(error instanceof ApiError) || error.code === 'invalid_request' || error.status >= 500) {
        // refused before acting (bad input, not started yet): the key may be used again; an unexpected error may have acted: it stays unfinished
        if (keyed !== null && error instanceof ApiError) await this.uow.run((r) => r.apiRequests.remove(keyed.key));
        throw error;
      }
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
      if (keyed !== null) await r.apiRequests.finish(keyed.key, result.status, JSON.stringify(result.body));
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
