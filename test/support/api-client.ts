/** A tiny HTTP client for the API tests: every answer's text is kept, to look for secrets in. */
export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The body parsed as JSON (undefined when it is not JSON). */
  readonly json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface CallOptions {
  readonly body?: unknown;
  /** Raw body text, sent as is (with `contentType`). */
  readonly raw?: string;
  readonly contentType?: string;
  /** The bearer token; null sends none. */
  readonly token?: string | null;
  readonly headers?: Record<string, string>;
}

export class ApiClient {
  readonly answers: Answer[] = [];

  constructor(
    readonly url: string,
    readonly token: string | null,
  ) {}

  async call(method: string, path: string, options: CallOptions = {}): Promise<Answer> {
    const token = options.token === undefined ? this.token : options.token;
    const headers: Record<string, string> = { ...(token !== null && { authorization: `Bearer ${token}` }), ...options.headers };
    let body: string | undefined;
    if (options.raw !== undefined) {
      body = options.raw;
      headers['content-type'] = options.contentType ?? 'application/json';
    } else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] = 'application/json';
    }
    const response = await fetch(`${this.url}${path}`, { method, headers, ...(body !== undefined && { body }), redirect: 'manual' });
    const text = await response.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    const answer = { status: response.status, headers: response.headers, text, json };
    this.answers.push(answer);
    return answer;
  }

  get(path: string, options?: CallOptions): Promise<Answer> {
    return this.call('GET', path, options);
  }

  post(path: string, body?: unknown, options: CallOptions = {}): Promise<Answer> {
    return this.call('POST', path, { ...options, ...(body !== undefined && { body }) });
  }
}
