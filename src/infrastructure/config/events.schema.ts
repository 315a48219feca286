import { z } from 'zod';

/** An environment variable's name: where a destination's URL or secret comes from (never the config file). */
const envName = z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'must be an environment variable name in capitals, e.g. DEALBOT_WEBHOOK_URL');
const destinationName = z.string().regex(/^[a-z][a-z0-9_:-]{0,39}$/, 'must be 1-40 lowercase letters, digits, _ : or -, starting with a letter');
const eventTypes = z.array(z.string().min(1)).min(1, 'lists at least one event type').optional();

/**
 * Where committed events go (docs/events/README.md). Each destination has its own delivery cursor in
 * the outbox, named by `name` (default: its type), so names must be unique.
 */
export const destinationSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('log'),
    name: destinationName.optional(),
    /** Without a path: the run's console lines (as before). With one: each event as a JSON line appended to that file. */
    path: z.string().min(1, 'must be a file path').optional(),
    types: eventTypes,
  }),
  z.strictObject({
    type: z.literal('rabbitmq'),
    name: destinationName.optional(),
    urlEnv: envName.default('DEALBOT_RABBITMQ_URL'),
    /** A durable topic exchange, declared if missing; routing key `dealbot.<prefix>.<type>`. */
    exchange: z.string().min(1, 'must name an exchange').default('dealbot.events'),
    timeoutMs: z.number().int('must be an integer').min(100, 'must be >= 100').default(10_000),
    types: eventTypes,
  }),
  z.strictObject({
    type: z.literal('nats'),
    name: destinationName.optional(),
    urlEnv: envName.default('DEALBOT_NATS_URL'),
    /** A JetStream stream over `dealbot.>`, created if missing; de-duplicated by event id (Nats-Msg-Id). */
    stream: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, _ or -').default('DEALBOT'),
    /**
     * The subjects of the stream when dealbot creates it. JetStream streams may not share
     * subjects: a stream per bot on a shared server captures only its own, e.g. `dealbot.dlb.>`.
     */
    subjects: z.array(z.string().regex(/^dealbot\.[A-Za-z0-9_.*>-]+$/, 'must be a subject under dealbot., e.g. dealbot.dlb.>')).min(1, 'lists at least one subject').default(['dealbot.>']),
    timeoutMs: z.number().int('must be an integer').min(100, 'must be >= 100').default(10_000),
    types: eventTypes,
  }),
  z.strictObject({
    type: z.literal('webhook'),
    name: destinationName.optional(),
    urlEnv: envName.default('DEALBOT_WEBHOOK_URL'),
    /** HMAC-SHA256 key for the X-Dealbot-Signature header; required: an unsigned webhook cannot be trusted. */
    secretEnv: envName.default('DEALBOT_WEBHOOK_SECRET'),
    /** json: the envelope as is; slack / discord: a one-line message those services accept. */
    format: z.enum(['json', 'slack', 'discord']).default('json'),
    timeoutMs: z.number().int('must be an integer').min(100, 'must be >= 100').default(10_000),
    types: eventTypes,
  }),
]);

export type DestinationConfig = z.infer<typeof destinationSchema>;

export const eventsSchema = z
  .strictObject({
    destinations: z
      .array(destinationSchema)
      .default([{ type: 'log' }])
      .refine((list) => new Set(list.map((d) => d.name ?? d.type)).size === list.length, {
        message: 'each destination needs its own name (two of one type: give each a `name`)',
      }),
    /** Events per send. */
    batchSize: z.number().int('must be an integer').min(1, 'must be >= 1').max(1000, 'must be <= 1000').default(100),
    /** Retry delays while a destination is down: full jitter between 0 and min(maxMs, initialMs x 2^attempt). */
    retry: z
      .strictObject({
        initialMs: z.number().int('must be an integer').min(1, 'must be >= 1').default(500),
        maxMs: z.number().int('must be an integer').min(1, 'must be >= 1').default(30_000),
      })
      .prefault({}),
  })
  .prefault({});

export type EventsConfig = z.infer<typeof eventsSchema>;

/** The name a destination's cursor and status go by. */
export function destinationNameOf(destination: DestinationConfig): string {
  return destination.name ?? destination.type;
}
