import type { EventEnvelope } from './event-envelope.js';

/**
 * Somewhere committed events go (a broker, a webhook, the log). The relay hands each
 * destination the outbox in commit order, one batch at a time, and counts a batch delivered
 * only when `send` resolved.
 */
export interface EventDestination {
  /** Unique among the run's destinations; names its cursor in the outbox (`rabbitmq`, `webhook:alerts`). */
  readonly name: string;
  /**
   * Sends the envelopes in the given order and resolves once the destination confirmed every
   * one (publisher confirm, JetStream ack, 2xx). Throws when it cannot vouch for all of them:
   * the relay sends the whole batch again later (at least once; consumers de-duplicate by id).
   * Never waits forever: a destination that does not answer in its timeout throws.
   */
  send(envelopes: readonly EventEnvelope[]): Promise<void>;
  /** Releases connections; pending sends end (resolve or throw) first. */
  close(): Promise<void>;
}
