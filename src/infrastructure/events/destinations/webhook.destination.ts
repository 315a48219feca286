import type { EventDestination } from '../event-destination.js';
import type { EventEnvelope } from '../event-envelope.js';
import { DeliveryError, reasonOf, SendQueue } from './delivery.js';
import { envelopeLine } from './envelope-line.js';
import { SIGNATURE_HEADER, signWebhook, TIMESTAMP_HEADER } from './webhook-signature.js';

export type WebhookFormat = 'json' | 'slack' | 'discord';

export interface WebhookDestinationOptions {
  readonly name: string;
  /** Where to POST; may hold a secret path (Slack, Discord), so it never appears in an error. */
  readonly url: string;
  /** Signs each request (X-Dealbot-Signature). */
  readonly secret: string;
  readonly format: WebhookFormat;
  /** Bounds each request, answer included. */
  readonly timeoutMs: number;
  /** The time in epoch ms (the signature's timestamp); the system clock unless given. */
  readonly now?: () => number;
}

/**
 * POSTs each envelope, in order, one request per event, signed with HMAC-SHA256 over
 * `<timestamp>.<body>`; a 2xx answer confirms the event, anything else (a redirect included)
 * or no answer in time throws, and the relay sends the batch again.
 */
export class WebhookDestination implements EventDestination {
  readonly name: string;
  readonly #options: WebhookDestinationOptions;
  readonly #queue = new SendQueue();
  #closed = false;

  constructor(options: WebhookDestinationOptions) {
    this.name = options.name;
    this.#options = options;
  }

  send(envelopes: readonly EventEnvelope[]): Promise<void> {
    return this.#queue.run(async () => {
      if (this.#closed) throw new DeliveryError(this.name, 'closed');
      for (const envelope of envelopes) await this.#post(envelope);
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#queue.idle();
  }

  async #post(envelope: EventEnvelope): Promise<void> {
    const { url, secret, format, timeoutMs, now = Date.now } = this.#options;
    const body = webhookBody(envelope, format);
    const timestamp = Math.floor(now() / 1000);
    let status: number;
    try {
      const response = await fetch(url, {
        method: 'POST',
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
        headers: {
          'Content-Type': 'application/json',
          'X-Dealbot-Event-Id': envelope.id,
          'X-Dealbot-Event-Type': envelope.type,
          [TIMESTAMP_HEADER]: String(timestamp),
          [SIGNATURE_HEADER]: signWebhook(secret, timestamp, body),
        },
        body,
      });
      status = response.status;
      await response.arrayBuffer().catch(() => {});
    } catch (error) {
      const reason = error instanceof Error && error.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : reasonOf(error);
      throw new DeliveryError(this.name, `event ${envelope.id} not delivered: ${reason}`, { cause: error });
    }
    if (status < 200 || status > 299) throw new DeliveryError(this.name, `event ${envelope.id} not delivered: the receiver answered HTTP ${status}`);
  }
}

/** The request body: the envelope, or the one-line message Slack or Discord shows. */
export function webhookBody(envelope: EventEnvelope, format: WebhookFormat): string {
  switch (format) {
    case 'json':
      return JSON.stringify(envelope);
    case 'slack':
      return JSON.stringify({ text: envelopeLine(envelope) });
    case 'discord':
      return JSON.stringify({ content: envelopeLine(envelope) });
  }
}
