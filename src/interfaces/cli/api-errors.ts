/** The error answers of the bot's API as the CLI reports them: one line each (docs/api.md, "Errors"). */

/** Nothing listens at the API's address: no bot is running there, or it runs without --api. */
export class BotNotRunningError extends Error {
  override readonly name = 'BotNotRunningError';
  constructor(
    readonly baseUrl: string,
    /** What the command needed the bot for, said first. */
    need?: string,
  ) {
    super(`${need ? `${need}; ` : ''}no dealbot is running at ${baseUrl} (start one with: dealbot run --api)`);
  }
}

interface ErrorAnswer {
  readonly error?: unknown;
  readonly message?: unknown;
  readonly details?: unknown;
}

/** Where the token came from, for a 401's explanation. */
interface TokenOrigin {
  readonly baseUrl: string;
  readonly token: string | undefined;
  readonly tokenSource: string | null;
}

const TOKEN_SOURCES = 'DEALBOT_API_TOKEN, read from the environment, then from .env in the current folder';

/** The API answered with an error (status >= 400), or could not be talked to. */
export class ApiCallError extends Error {
  override readonly name = 'ApiCallError';
  constructor(
    message: string,
    /** The HTTP status; 0 when no answer came. */
    readonly status: number,
    readonly code?: string,
  ) {
    super(message);
  }

  static fromAnswer(status: number, body: unknown, origin: TokenOrigin): ApiCallError {
    const answer = (typeof body === 'object' && body !== null ? body : {}) as ErrorAnswer;
    const code = typeof answer.error === 'string' ? answer.error : undefined;
    const said = typeof answer.message === 'string' ? answer.message : undefined;
    if (status === 401) return new ApiCallError(unauthorized(origin, said), status, code ?? 'unauthorized');
    if (said === undefined) return new ApiCallError(`the server at ${origin.baseUrl} answered ${status} without dealbot's error JSON: is it a dealbot API?`, status, code);
    const details = fieldDetails(answer.details);
    return new ApiCallError(`${said}${details ? ` (${details})` : ''} [${status}${code ? ` ${code}` : ''}]`, status, code);
  }
}

function unauthorized(origin: TokenOrigin, said: string | undefined): string {
  const server = said ? ` (the bot says: ${said})` : '';
  if (!origin.token) return `the bot at ${origin.baseUrl} needs a token, and DEALBOT_API_TOKEN is not set (${TOKEN_SOURCES}; \`dealbot config init\` writes one)${server}`;
  return `the bot at ${origin.baseUrl} refused the token from ${origin.tokenSource ?? 'the environment'}: it is wrong (${TOKEN_SOURCES})${server}`;
}

/** `[{ field: "price", message: "must be a decimal > 0" }]` as `price: must be a decimal > 0`. */
function fieldDetails(details: unknown): string {
  if (!Array.isArray(details)) return '';
  return details
    .map((d: unknown) => {
      const { field, message } = (typeof d === 'object' && d !== null ? d : {}) as { field?: unknown; message?: unknown };
      const text = typeof message === 'string' ? message : JSON.stringify(d);
      return typeof field === 'string' && field !== '' ? `${field}: ${text}` : text;
    })
    .join('; ');
}
