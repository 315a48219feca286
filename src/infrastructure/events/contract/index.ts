import { z } from 'zod';
import type { DomainEvent } from '../../../domain/events.js';
import type { EventEnvelope } from '../event-envelope.js';
import { dealBoughtSchema, dealCancelledSchema, dealClosedSchema, dealClosingSchema, dealOpenedSchema, dealWaitingSchema } from './deal-events.schema.js';
import { operatorActedSchema, orderResolvedByOperatorSchema, tradingPausedSchema, tradingResumedSchema } from './operator-events.schema.js';
import { orderCancelledSchema, orderFilledSchema, orderOutcomeUnknownSchema, orderPlacedSchema, orderRejectedSchema } from './order-events.schema.js';

/**
 * The published contract (docs/events/): one envelope schema per event type. A DomainEvent
 * type without an entry here fails to compile, and so does an entry whose payload does not
 * have exactly the event's fields (PayloadMatches below).
 */
export const ENVELOPE_SCHEMAS = {
  DealOpened: dealOpenedSchema,
  DealBought: dealBoughtSchema,
  DealClosing: dealClosingSchema,
  DealClosed: dealClosedSchema,
  DealWaiting: dealWaitingSchema,
  DealCancelled: dealCancelledSchema,
  OrderPlaced: orderPlacedSchema,
  OrderFilled: orderFilledSchema,
  OrderCancelled: orderCancelledSchema,
  OrderRejected: orderRejectedSchema,
  OrderOutcomeUnknown: orderOutcomeUnknownSchema,
  OrderResolvedByOperator: orderResolvedByOperatorSchema,
  OperatorActed: operatorActedSchema,
  TradingPaused: tradingPausedSchema,
  TradingResumed: tradingResumedSchema,
} as const satisfies { readonly [T in DomainEvent['type']]: z.ZodType<{ readonly type: T }> };

export type EventType = keyof typeof ENVELOPE_SCHEMAS;

/** Every event type of the contract, in the order of the docs. */
export const EVENT_TYPES = Object.freeze(Object.keys(ENVELOPE_SCHEMAS) as EventType[]);

/** Any published envelope, told apart by `type`. */
export const eventEnvelopeSchema = z.discriminatedUnion('type', Object.values(ENVELOPE_SCHEMAS) as unknown as UnionOf<typeof ENVELOPE_SCHEMAS>);

/** The envelope of one type, as the schema reads it. */
export type EnvelopeOf<T extends EventType> = z.output<(typeof ENVELOPE_SCHEMAS)[T]>;

/** An envelope broke the contract; the message names the field (one line). */
export class EventContractError extends Error {
  override readonly name = 'EventContractError';
}

/** Checks an envelope against the contract of its type; throws EventContractError naming the first fields at fault. */
export function parseEventEnvelope(value: unknown): EventEnvelope {
  const result = eventEnvelopeSchema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.flatMap(describeIssue);
  const shown = issues.slice(0, 3);
  const more = issues.length > shown.length ? ` (and ${issues.length - shown.length} more)` : '';
  throw new EventContractError(`event envelope breaks the contract: ${shown.join('; ')}${more}`);
}

/** `path: what is wrong`; a field the contract does not name is reported at its own path. */
function describeIssue(issue: z.core.$ZodIssue): string[] {
  const at = (path: readonly PropertyKey[]): string => (path.length === 0 ? '(envelope)' : path.map(String).join('.'));
  if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => `${at([...issue.path, key])}: not part of the contract`);
  return [`${at(issue.path)}: ${issue.message}`];
}

type UnionOf<S extends Record<string, z.ZodObject>> = readonly [S[keyof S], ...S[keyof S][]];

/** The payload a domain event of type T has: its fields but the envelope's. */
type DomainPayload<T extends DomainEvent['type']> = Omit<Extract<DomainEvent, { type: T }>, 'type' | 'occurredAt' | 'dealId' | 'symbol'>;
/** The named fields only (a strict empty object reads as an index signature of never). */
type Known<T> = { [K in keyof T as string extends K ? never : K]: T[K] };
type SchemaPayload<T extends EventType> = Known<EnvelopeOf<T>['payload']>;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? (keyof A extends keyof B ? (keyof B extends keyof A ? true : false) : false) : false) : false;
type PayloadMatches = { [T in EventType]: Same<DomainPayload<T>, SchemaPayload<T>> };
/** Fails to compile when a schema's payload has a field the event lacks, lacks one it has, or types one differently. */
const PAYLOADS_MATCH: { [T in EventType]: true } = null as unknown as PayloadMatches;
void PAYLOADS_MATCH;
