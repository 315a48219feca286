import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';

/** The error codes of docs/api.md, with their status. */
export const ERROR_STATUS = {
  invalid_request: 400,
  unauthorized: 401,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  not_ready: 503,
} as const;
export type ErrorCode = keyof typeof ERROR_STATUS;

export interface FieldIssue {
  readonly field: string;
  readonly message: string;
}

/** Every error body: `{ error, message, details? }`. */
export interface ErrorBody {
  readonly error: ErrorCode;
  readonly message: string;
  readonly details?: readonly FieldIssue[];
}

/** An error a route answers with; its message is one line meant for the operator. */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: readonly FieldIssue[],
  ) {
    super(message);
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }

  get body(): ErrorBody {
    return { error: this.code, message: this.message, ...(this.details && { details: this.details }) };
  }
}

export const invalid = (field: string, message: string): ApiError => new ApiError('invalid_request', `${field}: ${message}`, [{ field, message }]);

export function sendError(reply: FastifyReply, error: ApiError): FastifyReply {
  return reply.code(error.status).type('application/json; charset=utf-8').send(error.body);
}

interface ValidationIssue {
  readonly instancePath: string;
  readonly message?: string;
  readonly keyword: string;
  readonly params: Record<string, unknown>;
}

/** One `{ field, message }` per zod issue; an extra field is named itself. */
function fieldIssues(context: string | undefined, issues: readonly ValidationIssue[]): FieldIssue[] {
  return issues.flatMap((issue) => {
    const path = issue.instancePath.split('/').filter((part) => part !== '').join('.');
    if (issue.keyword === 'unrecognized_keys' && Array.isArray(issue.params.keys)) {
      return (issue.params.keys as string[]).map((key) => ({ field: path === '' ? key : `${path}.${key}`, message: 'is not a known field' }));
    }
    return [{ field: path === '' ? (context ?? 'body') : path, message: issue.message ?? 'is invalid' }];
  });
}

/** Fastify's and zod's errors in the contract's shape; never a stack trace or fastify's default body. */
export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof ApiError) return sendError(reply, error);
    if (hasZodFastifySchemaValidationErrors(error)) {
      const details = fieldIssues(error.validationContext, error.validation);
      return sendError(reply, new ApiError('invalid_request', details.map((d) => `${d.field}: ${d.message}`).join('; '), details));
    }
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return sendError(reply, new ApiError('payload_too_large', 'the body is over 16 KiB'));
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return sendError(reply, new ApiError('unsupported_media_type', 'send the body as application/json'));
    if (error.statusCode === 429) return sendError(reply, new ApiError('rate_limited', error.message));
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      // a body that is not JSON, an empty JSON body, a bad header: the caller's mistake, said in one line
      return sendError(reply, new ApiError('invalid_request', error.message.split('\n')[0] ?? 'bad request', [{ field: 'body', message: error.message.split('\n')[0] ?? 'is invalid' }]));
    }
    // one line on stderr: the route and the message, never headers or bodies
    process.stderr.write(`dealbot api: ${request.method} ${request.routeOptions.url ?? request.url.split('?')[0]} failed: ${error.message.split('\n')[0]}\n`);
    return sendError(reply, new ApiError('internal', 'the request failed inside the bot; see its log'));
  });
  app.setNotFoundHandler((request, reply) => sendError(reply, new ApiError('not_found', `no route ${request.method} ${request.url.split('?')[0]}`)));
}
