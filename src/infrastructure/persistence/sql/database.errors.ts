export type DatabaseOpenErrorCode = 'BAD_URL' | 'DIRECTORY' | 'MISSING' | 'NOT_MIGRATED' | 'NOT_SQLITE' | 'NEWER_VERSION' | 'UNREACHABLE' | 'WRITE';

/**
 * The database cannot be used as given: a wrong URL, a path that cannot hold a file, a file
 * that is missing (read-only commands create none) or not SQLite, a schema not migrated yet or
 * from a newer dealbot, a server that does not answer, a write the disk refused.
 * Stop and ask the operator; the message is one line, names what and where, and never
 * holds a password.
 */
export class DatabaseOpenError extends Error {
  override readonly name = 'DatabaseOpenError';

  constructor(
    readonly code: DatabaseOpenErrorCode,
    message: string,
  ) {
    super(message.replace(/\s*\n\s*/g, ' '));
  }
}

/** The message of any thrown value, on one line. */
export function messageOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
