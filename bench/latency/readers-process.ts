/**
 * The readers of the API load benchmark, in a process of their own so that their work is not
 * the bot's: `connections` HTTP clients (autocannon) reading the deal list and the status as
 * fast as the bot answers, and `subscribers` clients holding the server-sent event stream open
 * and counting what it delivers. Settings in API_READERS (JSON); the result comes back over IPC.
 */
import autocannon from 'autocannon';
import { request, type ClientRequest } from 'node:http';

export interface ReaderSettings {
  readonly url: string;
  readonly token: string;
  readonly connections: number;
  readonly subscribers: number;
  readonly durationSeconds: number;
}

export interface ReaderResult {
  readonly requests: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly non2xx: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  /** Event-stream subscribers that stayed connected, and the events they received in all. */
  readonly subscribed: number;
  readonly streamErrors: number;
  readonly events: number;
}

const settings = JSON.parse(process.env['API_READERS'] ?? '{}') as ReaderSettings;
const headers = { authorization: `Bearer ${settings.token}` };

let events = 0;
let streamErrors = 0;
let subscribed = 0;
const streams: ClientRequest[] = [];
for (let i = 0; i < settings.subscribers; i += 1) {
  const req = request(`${settings.url}/api/v1/events`, { headers: { ...headers, accept: 'text/event-stream' } }, (res) => {
    if (res.statusCode !== 200) {
      streamErrors += 1;
      res.resume();
      return;
    }
    subscribed += 1;
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      for (const line of chunk.split('\n')) if (line.startsWith('data:')) events += 1;
    });
  });
  req.on('error', () => void (streamErrors += 1));
  req.end();
  streams.push(req);
}

const result = await autocannon({
  url: settings.url,
  connections: settings.connections,
  duration: settings.durationSeconds,
  headers,
  requests: [
    { method: 'GET', path: '/api/v1/deals?limit=50' },
    { method: 'GET', path: '/api/v1/status' },
  ],
});
const summary: ReaderResult = {
  requests: result.requests.total,
  errors: result.errors,
  timeouts: result.timeouts,
  non2xx: result.non2xx,
  p50: result.latency.p50,
  p99: result.latency.p99,
  max: result.latency.max,
  subscribed,
  streamErrors,
  events,
};
for (const req of streams) req.destroy();
process.send?.(summary);
process.disconnect?.();
