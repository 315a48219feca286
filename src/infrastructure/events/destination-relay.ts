import type { EventDestination } from './event-destination.js';
import { toEnvelope } from './event-envelope.js';
import type { OutboxLog } from './outbox-log.js';
import { redactSecrets } from './redact-secrets.js';

export type RelayState = 'starting' | 'idle' | 'sending' | 'down' | 'stopped';

/** One destination's delivery, as status and metrics show it. */
export interface RelayStatus {
  readonly name: string;
  readonly state: RelayState;
  /** The last sequence the destination confirmed. */
  readonly confirmed: number;
  /** The highest committed sequence the relay has seen. */
  readonly latest: number;
  /** latest - confirmed: committed events not confirmed yet. */
  readonly pending: number;
  /** Events confirmed during this run. */
  readonly delivered: number;
  /** Failed attempts (send, or reading or confirming the outbox) during this run. */
  readonly failures: number;
  /** Why the last attempt failed, secrets removed; null before any failure. */
  readonly lastError: string | null;
  /** When the current outage began (ISO), null while delivering. */
  readonly downSince: string | null;
}

export interface DestinationRelayOptions {
  /** The bot's client-order-id prefix, carried by every envelope. */
  readonly botPrefix: string;
  /** Events per send. */
  readonly batchSize: number;
  /** Full-jitter backoff while down: random() x min(maxMs, initialMs x 2^attempt). */
  readonly retry: { readonly initialMs: number; readonly maxMs: number };
  readonly random?: () => number;
  /** Where state changes are told (one line each). */
  readonly log?: (line: string) => void;
  /** How often an idle relay looks at the outbox without a wake(): rows another process committed. */
  readonly pollMs?: number;
  /** Wall clock (ms) for downSince and outage lengths. */
  readonly now?: () => number;
  /** Waits `ms`; the relay interrupts it itself on wake() and stop(). */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** The delay before retry number `attempt` (0 first): full jitter over a capped exponential. */
export function retryDelayMs(attempt: number, retry: DestinationRelayOptions['retry'], random: () => number): number {
  return random() * Math.min(retry.maxMs, retry.initialMs * 2 ** attempt);
}

/** `work`, or nothing after `ms`; the timer is cleared either way, so a quick stop leaves none behind. */
async function within(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([work, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Delivers the committed outbox to one destination in sequence order, in the background: a
 * batch is confirmed in the outbox's cursor only after the destination confirmed it, so a
 * crash sends it again (at least once), never loses it. Trading never waits for it.
 */
export class DestinationRelay {
  readonly name: string;
  readonly #random: () => number;
  readonly #say: (line: string) => void;
  readonly #now: () => number;
  readonly #sleep: ((ms: number) => Promise<void>) | null;
  readonly #pollMs: number;
  #state: RelayState = 'starting';
  #confirmed = 0;
  #latest = 0;
  #delivered = 0;
  #failures = 0;
  #lastError: string | null = null;
  #downSince: number | null = null;
  #attempt = 0;
  #cursorKnown = false;
  /** A commit may have happened since the last read. */
  #woken = false;
  #stopping = false;
  /** A relay down when asked to stop, or failing while it stops, gets one more attempt, without waiting out its backoff. */
  #lastTry = false;
  #stopped = false;
  /** Ends the current wait early. */
  #interrupt: (() => void) | null = null;
  #running: Promise<void> | null = null;
  /** A background read of the latest sequence: none, one, or one with another asked for. */
  #refreshing: 'no' | 'yes' | 'again' = 'no';
  #stop: Promise<void> | null = null;

  constructor(
    private readonly destination: EventDestination,
    private readonly outbox: OutboxLog,
    private readonly options: DestinationRelayOptions,
  ) {
    this.name = destination.name;
    this.#random = options.random ?? Math.random;
    this.#say = options.log ?? (() => {});
    this.#now = options.now ?? Date.now;
    this.#sleep = options.sleep ?? null;
    this.#pollMs = options.pollMs ?? 1_000;
  }

  /**
   * Finds the cursor (a destination new to this database starts after the last committed
   * event) and starts delivering. Resolves once the cursor is known or the first attempt
   * failed (the relay then retries in the background); never throws.
   */
  start(): Promise<void> {
    if (this.#running !== null) return Promise.resolve();
    const ready = this.#openCursor().catch((error: unknown) => this.#failed(error));
    // the loop handles its own failures; this only keeps a broken injected sleep from escaping as an unhandled rejection
    this.#running = ready.then(() => this.#loop()).catch((error: unknown) => this.#say(`events → ${this.name}: relay ended: ${this.#reason(error)}`));
    return ready;
  }

  /** Something was committed: an idle relay looks now. A down relay keeps its backoff. */
  wake(): void {
    this.#woken = true;
    if (this.#state === 'idle') this.#interrupt?.();
    else if (this.#state === 'sending' || this.#state === 'down') this.#refreshLatest();
  }

  status(): RelayStatus {
    return {
      name: this.name,
      state: this.#state,
      confirmed: this.#confirmed,
      latest: this.#latest,
      pending: Math.max(0, this.#latest - this.#confirmed),
      delivered: this.#delivered,
      failures: this.#failures,
      lastError: this.#lastError,
      downSince: this.#downSince === null ? null : new Date(this.#downSince).toISOString(),
    };
  }

  /**
   * Lets the relay deliver what is committed for up to `graceMs`, then stops and closes the
   * destination. A down relay skips its backoff and tries once more (the destination may be
   * back, or the process was too busy to reach it); after that one, a failure ends it. Never throws.
   */
  stop(graceMs: number): Promise<void> {
    this.#stop ??= this.#stopWithin(graceMs);
    return this.#stop;
  }

  async #stopWithin(graceMs: number): Promise<void> {
    this.#lastTry = true;
    this.#stopping = true;
    this.#interrupt?.();
    if (this.#running !== null) await within(this.#running, graceMs);
    this.#stopped = true;
    this.#state = 'stopped';
    this.#interrupt?.();
    try {
      this.#latest = Math.max(this.#latest, await this.outbox.last());
    } catch {
      // the database is going away: the last figure read stays
    }
    try {
      await within(this.destination.close(), graceMs);
    } catch (error) {
      this.#say(`events → ${this.name}: closing failed: ${this.#reason(error)}`);
    }
  }

  /** A busy or down relay still shows what piles up (pending), read in the background. */
  #refreshLatest(): void {
    if (this.#refreshing !== 'no') {
      this.#refreshing = 'again';
      return;
    }
    this.#refreshing = 'yes';
    this.outbox
      .last()
      .then((last) => void (this.#latest = Math.max(this.#latest, last)), () => {})
      .finally(() => {
        const again = this.#refreshing === 'again';
        this.#refreshing = 'no';
        if (again && !this.#stopped) this.#refreshLatest();
      });
  }

  async #openCursor(): Promise<void> {
    if (this.#cursorKnown) return;
    if (await this.outbox.known(this.name)) {
      this.#confirmed = await this.outbox.cursor(this.name);
    } else {
      const last = await this.outbox.last();
      await this.outbox.confirm(this.name, last);
      this.#confirmed = last;
      this.#say(`events → ${this.name}: new destination, starts after event ${last}; older events go out with \`dealbot events replay --since <date> --to ${this.name}\``);
    }
    this.#cursorKnown = true;
    this.#latest = Math.max(this.#latest, this.#confirmed);
  }

  async #loop(): Promise<void> {
    while (!this.#stopped) {
      if (this.#state === 'down') {
        if (!this.#stopping) await this.#wait(retryDelayMs(this.#attempt++, this.options.retry, this.#random));
        if (this.#stopped) return;
        if (this.#stopping) {
          if (!this.#lastTry) return;
          this.#lastTry = false;
        }
      }
      try {
        await this.#openCursor();
        this.#woken = false;
        const caughtUp = await this.#deliverBatch();
        if (this.#stopped) return;
        if (!caughtUp) continue;
        if (this.#stopping) return;
        this.#state = 'idle';
        if (!this.#woken) await this.#wait(this.#pollMs);
      } catch (error) {
        if (this.#stopped) return;
        this.#failed(error);
      }
    }
  }

  /** Sends and confirms the next batch; true when there was nothing to send. */
  async #deliverBatch(): Promise<boolean> {
    this.#latest = Math.max(this.#latest, await this.outbox.last());
    const batch = await this.outbox.after(this.#confirmed, this.options.batchSize);
    const last = batch.at(-1);
    if (last === undefined) {
      this.#upAgain(0);
      return true;
    }
    if (this.#state !== 'down') this.#state = 'sending';
    await this.destination.send(batch.map((stored) => toEnvelope(stored, this.options.botPrefix)));
    await this.outbox.confirm(this.name, last.sequence);
    const backlog = this.#latest - this.#confirmed;
    this.#confirmed = last.sequence;
    this.#latest = Math.max(this.#latest, last.sequence);
    this.#delivered += batch.length;
    this.#upAgain(backlog);
    this.#state = 'sending';
    return false;
  }

  /** A cycle went through: an outage, if any, is over (one line). */
  #upAgain(backlog: number): void {
    this.#attempt = 0;
    if (this.#downSince === null) return;
    const seconds = ((this.#now() - this.#downSince) / 1000).toFixed(1);
    this.#say(`events → ${this.name}: delivering again after ${seconds} s down; catching up ${backlog} events`);
    this.#downSince = null;
    this.#state = 'sending';
  }

  #failed(error: unknown): void {
    this.#failures += 1;
    this.#lastError = this.#reason(error);
    if (this.#state === 'down' || this.#stopped) return;
    this.#state = 'down';
    this.#downSince = this.#now();
    this.#say(`events → ${this.name}: down, ${this.#latest - this.#confirmed} events waiting; retrying with backoff: ${this.#lastError}`);
  }

  #reason(error: unknown): string {
    return redactSecrets(error instanceof Error ? error.message : String(error));
  }

  /**
   * Waits `ms`, or less when interrupted (wake while idle, stop). The timer is cleared when
   * interrupted (a busy run wakes the relay on every commit), and keeps no process alive.
   */
  async #wait(ms: number): Promise<void> {
    let interrupt = (): void => {};
    const interrupted = new Promise<void>((resolve) => (interrupt = resolve));
    this.#interrupt = interrupt;
    let timer: NodeJS.Timeout | undefined;
    const slept = this.#sleep?.(ms) ?? new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)).unref());
    try {
      await Promise.race([slept, interrupted]);
    } finally {
      clearTimeout(timer);
      if (this.#interrupt === interrupt) this.#interrupt = null;
    }
  }
}
