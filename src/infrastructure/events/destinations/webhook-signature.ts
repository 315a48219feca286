import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'X-Dealbot-Signature';
export const TIMESTAMP_HEADER = 'X-Dealbot-Timestamp';

/**
 * `sha256=` + hex HMAC-SHA256 over `<timestamp>.<body>`: the signature covers the exact body
 * bytes and the time it was sent, so neither can be changed or replayed later unnoticed.
 */
export function signWebhook(secret: string, timestamp: number, body: string | Uint8Array): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex')}`;
}

export type WebhookVerdict = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/** Request headers as node:http gives them (lower-case names) or as a fetch `Headers`. */
export type WebhookHeaders = Headers | Readonly<Record<string, string | readonly string[] | undefined>>;

/**
 * For a receiver: whether `body` (the raw bytes received, before any JSON parsing) came from
 * a sender holding `secret`, sent within `toleranceSeconds` of `nowSeconds` either way.
 */
export function verifyWebhook(secret: string, headers: WebhookHeaders, body: string | Uint8Array, nowSeconds: number, toleranceSeconds = 300): WebhookVerdict {
  const signature = headerOf(headers, SIGNATURE_HEADER);
  const stamp = headerOf(headers, TIMESTAMP_HEADER);
  if (signature === undefined) return { ok: false, reason: `no ${SIGNATURE_HEADER} header` };
  if (stamp === undefined || !/^\d{1,12}$/.test(stamp)) return { ok: false, reason: `no ${TIMESTAMP_HEADER} header in unix seconds` };
  const timestamp = Number(stamp);
  if (timestamp < nowSeconds - toleranceSeconds) return { ok: false, reason: `the timestamp is ${nowSeconds - timestamp} s old, more than ${toleranceSeconds} s` };
  if (timestamp > nowSeconds + toleranceSeconds) return { ok: false, reason: `the timestamp is ${timestamp - nowSeconds} s ahead, more than ${toleranceSeconds} s` };
  const expected = Buffer.from(signWebhook(secret, timestamp, body));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'the signature does not match the body and timestamp' };
  return { ok: true };
}

function headerOf(headers: WebhookHeaders, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const value = headers[name.toLowerCase()] ?? headers[name];
  return typeof value === 'string' ? value : value?.[0];
}
