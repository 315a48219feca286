import { createHmac, timingSafeEqual } from 'node:crypto';
import { BinanceRefusal } from './sim-book.js';

/**
 * SIGNED endpoint security as Binance documents it: the API key in the X-MBX-APIKEY header,
 * and `signature` = hex HMAC-SHA256 of totalParams (query string followed by the body,
 * without the signature itself) under the secret key; `timestamp` within recvWindow of the
 * server's (wall) time.
 */
export function checkApiKey(header: string | string[] | undefined, apiKey: string): void {
  if (header !== apiKey) throw new BinanceRefusal(401, -2015, 'Invalid API-key, IP, or permissions for action.');
}

function withoutSignature(text: string): { rest: string; signature: string | null } {
  const match = /(^|&)signature=([0-9a-fA-F]+)(?=&|$)/.exec(text);
  if (match === null) return { rest: text, signature: null };
  const rest = (text.slice(0, match.index) + text.slice(match.index + match[0].length)).replace(/^&/, '');
  return { rest, signature: match[2] as string };
}

export function checkSignature(query: string, body: string, secret: string, params: URLSearchParams): void {
  const fromQuery = withoutSignature(query);
  const fromBody = withoutSignature(body);
  const signature = fromQuery.signature ?? fromBody.signature;
  if (signature === null) throw new BinanceRefusal(400, -1102, "Mandatory parameter 'signature' was not sent, was empty/null, or malformed.");
  const expected = createHmac('sha256', secret).update(fromQuery.rest + fromBody.rest).digest();
  const given = Buffer.from(signature, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new BinanceRefusal(400, -1022, 'Signature for this request is not valid.');
  checkTimestamp(params.get('timestamp'), params.get('recvWindow'));
}

export function checkTimestamp(timestamp: string | null, recvWindow: string | null): void {
  const ts = Number(timestamp);
  if (timestamp === null || !Number.isFinite(ts)) throw new BinanceRefusal(400, -1102, "Mandatory parameter 'timestamp' was not sent, was empty/null, or malformed.");
  const window = recvWindow === null ? 5000 : Number(recvWindow);
  const serverTime = Date.now();
  if (ts >= serverTime + 1000 || serverTime - ts > window) throw new BinanceRefusal(400, -1021, "Timestamp for this request is outside of the recvWindow.");
}

/** The ws-api variant: params sorted by key, joined as a query string, signature excluded. */
export function checkWsSignature(params: Record<string, unknown>, apiKey: string, secret: string): void {
  if (params['apiKey'] !== apiKey) throw new BinanceRefusal(401, -2015, 'Invalid API-key, IP, or permissions for action.');
  const payload = Object.keys(params)
    .filter((k) => k !== 'signature')
    .sort()
    .map((k) => `${k}=${String(params[k])}`)
    .join('&');
  const expected = createHmac('sha256', secret).update(payload).digest('hex');
  if (params['signature'] !== expected) throw new BinanceRefusal(400, -1022, 'Signature for this request is not valid.');
  checkTimestamp(String(params['timestamp']), params['recvWindow'] === undefined ? null : String(params['recvWindow']));
}
