import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { DATABASE_UNAVAILABLE, isDatabaseUnavailable } from '../common/db/index.js';
import type { AppEnv } from './app-env.js';

/** An error a client may see: HTTP status, stable `code` and a message without internals. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    /** Extra response headers, e.g. `Retry-After`. */
    readonly headers: Record<string, string> = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
  }

  /** 400: a request field is missing or invalid; `field` is named in the message. */
  static invalid(message: string): ApiError {
    return new ApiError(400, 'invalid_request', message);
  }

  /** 400: an id in the path is not a UUID. */
  static malformedId(what: string): ApiError {
    return new ApiError(400, 'invalid_id', `${what} id must be a UUID`);
  }

  /** 404: missing, or owned by someone else (the two are indistinguishable on purpose). */
  static notFound(what: string): ApiError {
    return new ApiError(404, 'not_found', `${what} not found`);
  }

  /** 409: the resource is not in a state that allows the request. */
  static conflict(code: string, message: string): ApiError {
    return new ApiError(409, code, message);
  }

  /** 409 `draft_changed`: the draft and a proposal changed these paths differently (also in the body). */
  static draftConflict(paths: readonly string[]): ApiError {
    const error = ApiError.conflict(
      'draft_changed',
      `the draft changed since this proposal was started, and these files were changed differently by both: ${paths.join(', ')}; approve the other files alone, or reject it and start a new refinement`,
    );
    error.conflicts = [...paths];
    return error;
  }

  /** Paths in conflict (`draft_changed` only), sent as `error.conflicts`. */
  conflicts: readonly string[] | undefined;

  /** 413: the workflow's draft would exceed `WORKFLOW_DRAFT_MAX_BYTES`; names the limit and the size. */
  static draftTooLarge(sizeBytes: number, maxBytes: number): ApiError {
    return new ApiError(
      413,
      'draft_too_large',
      `the draft would be ${sizeBytes} bytes; WORKFLOW_DRAFT_MAX_BYTES allows at most ${maxBytes} bytes in all files together`,
    );
  }

  /** 401 with the `WWW-Authenticate` challenge. */
  static unauthorized(message: string): ApiError {
    return new ApiError(401, 'unauthorized', message, { 'WWW-Authenticate': 'Bearer' });
  }
}

/** The JSON error body every failure answers with. */
export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string; readonly conflicts?: readonly string[] };
}

/** Builds the error body; the only place error bodies are shaped. */
export function errorBody(code: string, message: string, conflicts?: readonly string[]): ErrorBody {
  return { error: conflicts ? { code, message, conflicts } : { code, message } };
}

/**
 * The app's `onError`: ApiErrors become their status and body; Hono's own HTTP errors
 * (malformed JSON 400, a body that is not JSON 415) keep their status; a database that is unreachable
 * or dropped the connection answers 503 `database_unavailable` with `Retry-After`; anything else is
 * logged with the request id and answers a bare 500.
 */
export function handleError(error: Error, c: Context<AppEnv>): Response {
  if (error instanceof ApiError) {
    for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
    return c.json(errorBody(error.code, error.message, error.conflicts), error.status);
  }
  if (error instanceof HTTPException && error.status === 415) {
    return c.json(
      errorBody('unsupported_media_type', 'request body must be JSON (Content-Type: application/json)'),
      415,
    );
  }
  if (error instanceof HTTPException && error.status === 400) {
    // The only 400 Hono raises itself: a body the JSON validator could not parse.
    return c.json(errorBody('invalid_request', 'request body must be valid JSON'), 400);
  }
  if (error instanceof HTTPException && error.status < 500) {
    return c.json(errorBody('invalid_request', error.message || 'invalid request'), error.status);
  }
  if (isDatabaseUnavailable(error)) {
    // Expected under a failover or restart of PostgreSQL: one line, no stack; the client retries.
    const code = (error as { code?: string }).code;
    c.get('logger')?.warn({ code, requestId: c.get('requestId') }, 'database unavailable');
    c.header('Retry-After', String(DATABASE_UNAVAILABLE.retryAfterSeconds));
    return c.json(
      errorBody(DATABASE_UNAVAILABLE.code, DATABASE_UNAVAILABLE.message),
      DATABASE_UNAVAILABLE.status,
    );
  }
  c.get('logger')?.error({ err: error, requestId: c.get('requestId') }, 'unhandled error');
  return c.json(errorBody('internal', 'internal error'), 500);
}
