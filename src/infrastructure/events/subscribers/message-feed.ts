/**
 * What a broker carries now, as message bodies in arrival order: for `dealbot events tail
 * --from rabbitmq|nats`. Iterating ends when the feed is closed; it throws when the broker
 * is lost.
 */
export interface MessageFeed extends AsyncIterable<string> {
  /** What the feed reads, safe to print (no credentials): `exchange dealbot.events on 127.0.0.1:5672`. */
  readonly source: string;
  close(): Promise<void>;
}

/** Turns pushed messages (a broker's callbacks) into an async iterable that waits for the next. */
export class Inbox implements AsyncIterable<string> {
  readonly #items: string[] = [];
  #wake: (() => void) | null = null;
  #ended = false;
  #failure: Error | null = null;

  push(body: string): void {
    this.#items.push(body);
    this.#notify();
  }

  /** No more messages: iteration ends once the queued ones are read. */
  end(): void {
    this.#ended = true;
    this.#notify();
  }

  /** The broker was lost: iteration throws this once the queued messages are read. */
  fail(error: Error): void {
    if (this.#ended) return;
    this.#failure ??= error;
    this.#notify();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<string> {
    for (;;) {
      const next = this.#items.shift();
      if (next !== undefined) {
        yield next;
        continue;
      }
      if (this.#failure !== null) throw this.#failure;
      if (this.#ended) return;
      await new Promise<void>((resolve) => (this.#wake = resolve));
    }
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = null;
    wake?.();
  }
}

/** A broker URL without its credentials, for messages. */
export function hostOf(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.port === '' ? parsed.hostname : `${parsed.hostname}:${parsed.port}`;
  } catch {
    return 'the configured URL';
  }
}
