/** Credentials an adapter holds; never logged, never in an error message. */
export interface ExchangeCredentials {
  readonly apiKey: string;
  readonly secret: string;
  readonly password?: string;
}

/** Minimal structured logger (pino's Logger fits). */
export interface ExchangeLogger {
  debug(data: object, message: string): void;
  info(data: object, message: string): void;
  warn(data: object, message: string): void;
  error(data: object, message: string): void;
}

const noop = (): void => undefined;
export const SILENT_LOGGER: ExchangeLogger = { debug: noop, info: noop, warn: noop, error: noop };

const MASK = '[redacted]';
/** Query strings carry signatures and timestamps; an error message needs only the path. */
const URL_QUERY = /(\b(?:https?|wss?):\/\/[^\s?"']+)\?[^\s"']*/g;

/** Removes every credential (and URL query strings) from text and log records. */
export class SecretRedactor {
  readonly #secrets: readonly string[];

  constructor(credentials: ExchangeCredentials | undefined) {
    const values = credentials === undefined ? [] : [credentials.apiKey, credentials.secret, credentials.password ?? ''];
    // Longest first, so a secret that contains another is masked whole.
    this.#secrets = values.filter((v) => v.length >= 4).sort((a, b) => b.length - a.length);
  }

  text(value: string): string {
    let out = value.replace(URL_QUERY, '$1?[query]');
    for (const secret of this.#secrets) out = out.split(secret).join(MASK);
    return out;
  }

  value(value: unknown, depth = 0): unknown {
    if (typeof value === 'string') return this.text(value);
    if (value instanceof Error) return { name: value.name, message: this.text(value.message) };
    if (depth > 4 || value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) return value.map((v) => this.value(v, depth + 1));
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.value(v, depth + 1)]));
  }

  /** A logger that passes everything through this redactor first. */
  logger(inner: ExchangeLogger): ExchangeLogger {
    const wrap =
      (level: keyof ExchangeLogger) =>
      (data: object, message: string): void =>
        inner[level](this.value(data) as object, this.text(message));
    return { debug: wrap('debug'), info: wrap('info'), warn: wrap('warn'), error: wrap('error') };
  }
}
