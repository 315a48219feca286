import type { FastifyInstance } from 'fastify';
import type { DomainEvent } from '../../domain/events.js';

export interface NumberedEvent {
  readonly id: number;
  readonly event: DomainEvent;
}

/** Told the frames of new events, several at once. */
type Subscriber = (frames: string) => void;

/**
 * Committed domain events numbered in order, the newest `capacity` kept for clients that
 * reconnect with Last-Event-ID; numbers restart with the process. Events are sent to the
 * clients in batches: each written once as text, and, while a tick runs (`hold`), not at all
 * until it ends, so fifty dashboards cost a tick no writes.
 */
export class EventStream {
  #next = 1;
  readonly #recent: NumberedEvent[] = [];
  readonly #subscribers = new Set<Subscriber>();
  #pending: NumberedEvent[] = [];
  #held = false;
  #scheduled = false;

  constructor(readonly capacity = 1000) {}

  /** For the event publisher: each event numbered and kept; sent to every client soon (after the tick, if one runs). */
  publish(events: readonly DomainEvent[]): void {
    for (const event of events) {
      const entry = { id: this.#next++, event };
      this.#recent.push(entry);
      if (this.#recent.length > this.capacity) this.#recent.shift();
      if (this.#subscribers.size > 0) this.#pending.push(entry);
    }
    if (!this.#held && !this.#scheduled && this.#pending.length > 0) {
      this.#scheduled = true;
      setImmediate(() => this.#flush());
    }
  }

  /** A tick began: events wait. */
  hold(): void {
    this.#held = true;
  }

  /** The tick ended: what waited goes out. */
  release(): void {
    this.#held = false;
    this.#flush();
  }

  #flush(): void {
    this.#scheduled = false;
    if (this.#held || this.#pending.length === 0) return;
    const frames = this.#pending.map(frame).join('');
    this.#pending = [];
    for (const subscriber of this.#subscribers) subscriber(frames);
  }

  /** Events after `id` still kept, oldest first. */
  since(id: number): NumberedEvent[] {
    return this.#recent.filter((entry) => entry.id > id);
  }

  subscribe(subscriber: Subscriber): () => void {
    this.#subscribers.add(subscriber);
    return () => this.#subscribers.delete(subscriber);
  }

  get clients(): number {
    return this.#subscribers.size;
  }
}

export const frame = ({ id, event }: NumberedEvent): string => `id: ${id}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;

/** `GET /api/v1/events`: the event stream, resumed after Last-Event-ID, with a ping comment every `pingMs`. */
export function registerEventsRoute(app: FastifyInstance, stream: EventStream, pingMs: number): void {
  const open = new Set<() => void>();
  // a stream never ends by itself: the server's close ends them, or it would wait for them forever
  app.addHook('preClose', async () => {
    for (const end of [...open]) end();
  });
  app.get('/api/v1/events', { schema: { tags: ['events'], summary: 'Domain events as they commit (text/event-stream)', produces: ['text/event-stream'] } }, (request, reply) => {
    const lastId = Number(request.headers['last-event-id']);
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    raw.write(': connected\n\n');
    if (Number.isInteger(lastId) && lastId >= 0) for (const entry of stream.since(lastId)) raw.write(frame(entry));
    const unsubscribe = stream.subscribe((frames) => raw.write(frames));
    const ping = setInterval(() => raw.write(': ping\n\n'), pingMs);
    ping.unref();
    const close = (): void => {
      clearInterval(ping);
      unsubscribe();
      open.delete(end);
    };
    const end = (): void => {
      close();
      raw.end();
    };
    open.add(end);
    request.raw.on('close', close);
    raw.on('close', close);
    raw.on('error', close);
  });
}
