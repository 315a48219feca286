/**
 * The operator acted through the API (or a client of it): what was asked, with which
 * parameters, and how it ended. Stored in the event log beside the deals' events.
 */
export interface OperatorActed {
  readonly type: 'OperatorActed';
  readonly occurredAt: number;
  /** The route's action, e.g. `close_deal`, `close_all`, `pause`, `add_pair`. */
  readonly action: string;
  /** The action's parameters as the operator gave them (path and body); never a secret. */
  readonly parameters: Readonly<Record<string, unknown>>;
  /** The HTTP status it answered with. */
  readonly status: number;
  /** One line: what happened (`closed 2 deals`), or why nothing did (`deal d1 is already closed`). */
  readonly outcome: string;
  /** The request's Idempotency-Key, when it carried one. */
  readonly idempotencyKey: string | null;
}
