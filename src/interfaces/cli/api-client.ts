import { randomUUID } from 'node:crypto';
import { ApiCallError, BotNotRunningError } from './api-errors.js';

/** Where the bot's API is and how the CLI proves who it is (api-target.ts resolves it). */
export interface ApiTarget {
  /** `http://127.0.0.1:8437`: scheme, host and port, no path. */
  readonly baseUrl: string;
  readonly token: string | undefined;
  /** Where the token was read, for a 401's explanation: `the environment`, `/dir/.env` or null when unset. */
  readonly tokenSource: string | null;
}

export type Query = Readonly<Record<string, string | number | undefined>>;

/** A JSON body of the API: an object whose shape the command knows from docs/api.md. */
export type ApiBody = Record<string, unknown>;

const MUTATING = new Set(['POST', 'PATCH', 'DELETE']);
export const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * A client of the bot's REST API (docs/api.md) on Node's fetch: the token as a Bearer header,
 * an Idempotency-Key on every mutating call, a timeout. Failures become one-line user errors:
 * nothing listening (BotNotRunningError), an error answer (ApiCallError with the API's message
 * and field details).
 */
export class ApiClient {
  constructor(
    readonly target: ApiTarget,
    private readonly timeoutMs = DEFAULT_TIMEOUT_MS,
    /** The Idempotency-Key of every mutating call; by default a fresh random one each. */
    private readonly idempotencyKey?: string,
  ) {}

  get<T = ApiBody>(path: string, query: Query = {}): Promise<T> {
    return this.request<T>('GET', path, undefined, query);
  }

  post<T = ApiBody>(path: string, body: ApiBody = {}): Promise<T> {
    return this.request<T>('POST', path, body);
  }

  patch<T = ApiBody>(path: string, body: ApiBody): Promise<T> {
    return this.request<T>('PATCH', path, body);
  }

  delete<T = ApiBody>(path: string): Promise<T> {
    return this.request<T>('DELETE', path);
  }

  /** True when a bot answers its health route; false when nothing listens (other failures throw). */
  async isRunning(): Promise<boolean> {
    try {
      await this.get('/health');
      return true;
    } catch (error) {
      if (error instanceof BotNotRunningError) return false;
      throw error;
    }
  }

  async request<T>(method: string, path: string, body?: ApiBody, query: Query = {}): Promise<T> {
    const url = new URL(`/api/v1${path}`, this.target.baseUrl);
    for (const [name, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(name, String(value));
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.target.token) headers.authorization = `Bearer ${this.target.token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (MUTATING.has(method)) headers['idempotency-key'] = this.idempotencyKey ?? randomUUID();
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(this.timeoutMs) });
      text = await response.text();
    } catch (error) {
      throw this.unreachable(error);
    }
    const parsed = parseJson(text);
    if (response.ok) {
      if (parsed === undefined) throw new ApiCallError(`the bot at ${this.target.baseUrl} answered ${method} ${url.pathname} with something that is not JSON`, response.status);
      return parsed as T;
    }
    throw ApiCallError.fromAnswer(response.status, parsed, this.target);
  }

  private unreachable(error: unknown): Error {
    const base = this.target.baseUrl;
    if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return new ApiCallError(`the bot at ${base} did not answer within ${this.timeoutMs / 1000} s`, 0);
    const code = causeCode(error);
    if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EHOSTUNREACH') return new BotNotRunningError(base);
    if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return new ApiCallError(`the connection to ${base} was closed before an answer: is it a dealbot API?`, 0);
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : undefined;
    return new ApiCallError(`cannot reach ${base}: ${code ?? cause ?? (error instanceof Error ? error.message : String(error))}`, 0);
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** fetch's TypeError('fetch failed') carries the socket's error as its cause (AggregateError for several addresses). */
function causeCode(error: unknown): string | undefined {
  let cause = error instanceof Error ? (error.cause as { code?: unknown; errors?: unknown[] } | undefined) : undefined;
  if (cause && cause.code === undefined && Array.isArray(cause.errors)) cause = cause.errors[0] as { code?: unknown };
  return typeof cause?.code === 'string' ? cause.code : undefined;
}
