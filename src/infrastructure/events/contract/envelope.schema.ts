import { z } from 'zod';
import type { DomainEvent } from '../../../domain/events.js';
import { EVENT_CONTRACT_VERSION } from '../event-envelope.js';
import { id, isoUtc } from './fields.schema.js';

/** What an envelope of one type says about `dealId` and `symbol`. */
export interface EnvelopeScope {
  readonly dealId: z.ZodType<string | null>;
  readonly symbol: z.ZodType<string | null>;
}

/** A deal's and an order's events: both always set. */
export const DEAL_SCOPE = { dealId: id, symbol: id } as const satisfies EnvelopeScope;
/** Not about one deal: neither is set. */
export const BOT_SCOPE = { dealId: z.null(), symbol: z.null() } as const satisfies EnvelopeScope;
/** One pair, or (null) every pair; no deal. */
export const PAIR_SCOPE = { dealId: z.null(), symbol: id.nullable() } as const satisfies EnvelopeScope;

/**
 * The envelope of one event type (event-envelope.ts EventEnvelope), strict: a field this
 * contract does not name is an error, in the envelope and in its payload.
 */
export function envelopeOf<T extends DomainEvent['type'], S extends EnvelopeScope, P extends z.ZodRawShape>(type: T, scope: S, payload: P, description: string) {
  return z
    .strictObject({
      id: id.meta({ description: 'Stable across re-sends: de-duplicate by it.' }),
      type: z.literal(type),
      version: z.literal(EVENT_CONTRACT_VERSION),
      sequence: z.int('must be an integer').positive('must be > 0').meta({ description: 'The outbox row: increasing in commit order.' }),
      occurredAt: isoUtc,
      botPrefix: id.meta({ description: "The bot's client-order-id prefix, e.g. dlb-." }),
      dealId: scope.dealId as S['dealId'],
      symbol: scope.symbol as S['symbol'],
      payload: z.strictObject(payload),
    })
    .meta({ title: type, description });
}
