import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { checkWsSignature } from './sim-auth.js';
import { BinanceRefusal } from './sim-book.js';

interface MarketConnection {
  readonly ws: WebSocket;
  readonly streams: Set<string>;
}

interface UserConnection {
  readonly ws: WebSocket;
  /** ws-api subscription id; null for a raw listenKey stream. */
  subscriptionId: number | null;
}

export interface StreamState {
  readonly credentials: { readonly apiKey: string; readonly secret: string };
  readonly now: () => number;
  readonly listenKeys: ReadonlySet<string>;
}

/**
 * The websocket side: market streams on /stream/ws/<n> (SUBSCRIBE / UNSUBSCRIBE /
 * LIST_SUBSCRIPTIONS, kline events), user data on the ws-api (/ws-api/v3,
 * userDataStream.subscribe.signature) and on /stream/ws/<listenKey>.
 */
export class SimStreams {
  readonly #wss = new WebSocketServer({ noServer: true });
  readonly #market = new Set<MarketConnection>();
  readonly #user = new Set<UserConnection>();
  #subscriptionSeq = 0;
  /** Market stream upgrades are answered 503 while set. */
  refuseMarket = false;
  /** Market events are swallowed while set; connections stay open and answer pings. */
  silent = false;
  /** Market stream connections ever accepted. */
  marketConnectionsOpened = 0;
  /** User-data upgrades (ws-api and listenKey streams) are answered 503 while set. */
  refuseUser = false;
  /** User-data events are swallowed (not sent, still logged) while set. */
  silentUser = false;
  /** Every user-data event published, oldest first. */
  readonly userEvents: unknown[] = [];
  /** User-data subscriptions ever confirmed (ws-api) or streams opened (listenKey). */
  userSubscriptions = 0;

  constructor(private readonly state: StreamState) {}

  get marketConnections(): number {
    return this.#market.size;
  }

  /** Kline streams subscribed on open market connections. */
  get subscriptions(): number {
    return this.#count((s) => s.includes('@kline_'));
  }

  /** Ticker streams (<symbol>@miniTicker, @ticker, @bookTicker, !miniTicker@arr, !ticker@arr) subscribed on open market connections. */
  get tickerSubscriptions(): number {
    return this.#count((s) => /ticker/i.test(s));
  }

  #count(matches: (stream: string) => boolean): number {
    return [...this.#market].reduce((n, c) => n + [...c.streams].filter(matches).length, 0);
  }

  get userConnections(): number {
    return this.#user.size;
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const path = new URL(req.url ?? '/', 'http://sim').pathname;
    const streamKey = /^\/stream\/ws(?:\/([^/]+))?$/.exec(path)?.[1];
    const isUser = streamKey !== undefined && this.state.listenKeys.has(streamKey);
    const isMarket = path.startsWith('/stream/ws') && !isUser;
    if (!isMarket && this.refuseUser) {
      socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    if (isMarket && this.refuseMarket) {
      socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    if (!isMarket && !isUser && path !== '/ws-api/v3') {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    this.#wss.handleUpgrade(req, socket, head, (ws) => {
      if (isMarket) this.#openMarket(ws);
      else this.#openUser(ws, isUser);
    });
  }

  publishKline(streamName: string, event: unknown): void {
    if (this.silent) return;
    const text = JSON.stringify(event);
    for (const c of this.#market) if (c.streams.has(streamName)) c.ws.send(text);
  }

  /** Some open market connection is subscribed to one of `streamNames` (and the market streams are not silenced). */
  listens(streamNames: readonly string[]): boolean {
    if (this.silent) return false;
    for (const c of this.#market) for (const name of streamNames) if (c.streams.has(name)) return true;
    return false;
  }

  /** Sends a market event (a ticker) to the connections subscribed to `streamName`; silenced with the klines. */
  publishMarket(streamName: string, event: unknown): void {
    this.publishKline(streamName, event);
  }

  publishUserEvent(event: unknown): void {
    this.userEvents.push(event);
    if (this.silentUser) return;
    for (const c of this.#user) {
      if (c.subscriptionId === null) c.ws.send(JSON.stringify(event));
      else c.ws.send(JSON.stringify({ subscriptionId: c.subscriptionId, event }));
    }
  }

  /** Kills every market stream connection without a close handshake. */
  dropMarket(): void {
    for (const c of this.#market) c.ws.terminate();
  }

  /** Kills every user-data connection (ws-api and listenKey) without a close handshake. */
  dropUser(): void {
    for (const c of this.#user) c.ws.terminate();
    for (const ws of this.#wss.clients) if (![...this.#market].some((m) => m.ws === ws)) ws.terminate();
  }

  close(): void {
    for (const c of this.#market) c.ws.terminate();
    for (const c of this.#user) c.ws.terminate();
    this.#wss.close();
  }

  #openMarket(ws: WebSocket): void {
    const connection: MarketConnection = { ws, streams: new Set() };
    this.#market.add(connection);
    this.marketConnectionsOpened += 1;
    ws.on('close', () => this.#market.delete(connection));
    ws.on('message', (data) => {
      const request = parse(data.toString());
      const params = Array.isArray(request['params']) ? (request['params'] as string[]) : [];
      const id = request['id'] ?? null;
      if (request['method'] === 'SUBSCRIBE') for (const s of params) connection.streams.add(s);
      else if (request['method'] === 'UNSUBSCRIBE') for (const s of params) connection.streams.delete(s);
      else if (request['method'] !== 'LIST_SUBSCRIPTIONS') return ws.send(JSON.stringify({ error: { code: 2, msg: 'Invalid request: unknown method' }, id }));
      ws.send(JSON.stringify({ result: request['method'] === 'LIST_SUBSCRIPTIONS' ? [...connection.streams] : null, id }));
    });
  }

  #openUser(ws: WebSocket, listenKeyStream: boolean): void {
    const connection: UserConnection = { ws, subscriptionId: null };
    ws.on('close', () => this.#user.delete(connection));
    if (listenKeyStream) {
      this.#user.add(connection);
      this.userSubscriptions += 1;
      return;
    }
    ws.on('message', (data) => {
      const request = parse(data.toString());
      const id = request['id'] ?? null;
      const ok = (result: unknown) => ws.send(JSON.stringify({ id, status: 200, result, rateLimits: [] }));
      try {
        switch (request['method']) {
          case 'userDataStream.subscribe.signature':
            checkWsSignature((request['params'] ?? {}) as Record<string, unknown>, this.state.credentials.apiKey, this.state.credentials.secret);
            connection.subscriptionId = this.#subscriptionSeq++;
            this.#user.add(connection);
            this.userSubscriptions += 1;
            return ok({ subscriptionId: connection.subscriptionId });
          case 'userDataStream.unsubscribe':
            this.#user.delete(connection);
            return ok({});
          case 'ping':
            return ok({});
          case 'time':
            return ok({ serverTime: this.state.now() });
          default:
            throw new BinanceRefusal(400, -1100, `Unknown method ${String(request['method'])}`);
        }
      } catch (error) {
        if (!(error instanceof BinanceRefusal)) throw error;
        ws.send(JSON.stringify({ id, status: error.status, error: { code: error.code, msg: error.message } }));
      }
    });
  }
}

function parse(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
