import { DatabaseOpenError } from './database.errors.js';

export type DatabaseTarget =
  | { readonly dialect: 'sqlite'; readonly path: ':memory:' | string }
  | { readonly dialect: 'postgres'; readonly connectionString: string; readonly schema: string | null };

const SECRET_PARAMS = /^(password|pass|pwd|sslpassword|sslkey|secret|token|api[_-]?key)$/i;
const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** The URL with its password and secret query parameters replaced by `***`: safe for logs and errors. */
export function redactUrl(url: string): string {
  let parsed: URL | null = null;
  try {
    parsed = new URL(url);
  } catch {
    parsed = null;
  }
  if (parsed && parsed.host !== '') {
    if (parsed.password !== '') parsed.password = '***';
    for (const key of [...parsed.searchParams.keys()]) if (SECRET_PARAMS.test(key)) parsed.searchParams.set(key, '***');
    return parsed.toString();
  }
  // Not a parseable URL with a host: strip anything shaped like user:password@ or password=...
  return url
    .replace(/(\/\/[^/:@\s]*:)[^@\s]*@/g, '$1***@')
    .replace(/((?:^|[?&;\s])(?:password|pass|pwd|sslpassword|secret|token)\s*=\s*)[^&;\s]*/gi, '$1***');
}

/**
 * Reads a database URL: `sqlite:<path>`, `sqlite::memory:`, or `postgres://` / `postgresql://`
 * (an optional `schema` query parameter sets the search path). Throws DatabaseOpenError otherwise.
 */
export function parseDatabaseUrl(url: string): DatabaseTarget {
  const text = url.trim();
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(text)?.[1]?.toLowerCase();
  if (scheme === 'sqlite') {
    let path = text.slice('sqlite:'.length);
    if (path.startsWith('//')) path = path.slice(2);
    if (path === '') throw new DatabaseOpenError('BAD_URL', `database URL "${redactUrl(text)}" names no file: use sqlite:./data/dealbot.db or sqlite::memory:`);
    return { dialect: 'sqlite', path };
  }
  if (scheme === 'postgres' || scheme === 'postgresql') {
    let parsed: URL;
    try {
      parsed = new URL(text);
    } catch {
      throw new DatabaseOpenError('BAD_URL', `database URL "${redactUrl(text)}" is not a valid PostgreSQL URL (postgres://user@host:5432/database)`);
    }
    const schema = parsed.searchParams.get('schema');
    if (schema !== null && !SCHEMA_NAME.test(schema)) {
      throw new DatabaseOpenError('BAD_URL', `database URL "${redactUrl(text)}": schema "${schema}" must be letters, digits and _`);
    }
    parsed.searchParams.delete('schema');
    return { dialect: 'postgres', connectionString: parsed.toString(), schema };
  }
  const what = scheme === undefined ? 'has no scheme' : `has the unsupported scheme "${scheme}:"`;
  throw new DatabaseOpenError('BAD_URL', `database URL "${redactUrl(text)}" ${what}: use sqlite:<path>, sqlite::memory: or postgres://...`);
}

export function isValidSchemaName(name: string): boolean {
  return SCHEMA_NAME.test(name);
}
