import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { DATABASE_UNAVAILABLE, isDatabaseUnavailable } from '../db/unavailable.js';
import type { Logger } from '../observability/logger.js';

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

  /** Paths in conflict, sent as `error.conflicts` (the orchestrator's `draft_changed`). */
  conflicts: readonly string[] | undefined;

  /** 400: a request field is missing or invalid; the message names the field. */
  static invalid(message: string): ApiError {
    return new ApiError(400, 'invalid_request', message);
  }

  /** 400: an id in the path is not a UUID. */
  static malformedId(what: string): ApiError {
    return new ApiError(400, 'invalid_id', `${what} id must be a UUID`);
  }

  /** 404: a missing thing. */
  static notFound(what: string): ApiError {
    return new ApiError(404, 'not_found', `${what} not found`);
  }

  /** 409: the resource is not in a state that allows the request. */
  static conflict(code: string, message: string): ApiError {
    return new ApiError(409, code, message);
  }

  /** 401 with the `WWW-Authenticate` challenge. */
  static unauthorized(message: string): ApiError {
    return new ApiError(401, 'unauthorized', message, { 'WWW-Authenticate': 'Bearer' });
  }
}

/** The JSON error body every failure of either service answers with. */
export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string; readonly conflicts?: readonly string[] };
}

/** Builds the error body; the only place error bodies are shaped. */
export function errorBody(code: string, message: string, conflicts?: readonly string[]): ErrorBody {
  return { error: conflicts ? { code, message, conflicts } : { code, message } };
}

/**
 * The error a Hono HTTPException stands for: the validators raise 415 for a body that is not
 * JSON and 400 for JSON they could not parse; other client errors keep their status.
 */
function fromHttpException(error: HTTPException): ApiError | undefined {
  if (error.status === 415) {
    return new ApiError(
      415,
      'unsupported_media_type',
      'request body must be JSON (Content-Type: application/json)',
    );
  }
  if (error.status === 400) return ApiError.invalid('request body must be valid JSON');
  if (error.status < 500) {
    return new ApiError(
      error.status as ContentfulStatusCode,
      'invalid_request',
      error.message || 'invalid request',
    );
  }
  return undefined;
}

/**
 * A service's `onError`: an ApiError (or a client error Hono raised) is its status and body; a
 * database that is unreachable or dropped the connection answers 503 `database_unavailable` with
 * `Retry-After`; anything else is logged and answers a bare 500 `internal`. `loggerOf` gives the
 * request's logger (one carrying the request id, where the service has one).
 */
export function createErrorHandler<C extends Context>(loggerOf: (c: C) => Logger | undefined) {
  return function handleError(error: Error, c: C): Response {
    const known = error instanceof HTTPException ? (fromHttpException(error) ?? error) : error;
    if (known instanceof ApiError) {
      for (const [name, value] of Object.entries(known.headers)) c.header(name, value);
      return c.json(errorBody(known.code, known.message, known.conflicts), known.status);
    }
    if (isDatabaseUnavailable(error)) {
      // Expected under a failover or restart of PostgreSQL: one line, no stack; the client retries.
      loggerOf(c)?.warn({ code: (error as { code?: string }).code }, 'database unavailable');
      c.header('Retry-After', String(DATABASE_UNAVAILABLE.retryAfterSeconds));
      return c.json(
        errorBody(DATABASE_UNAVAILABLE.code, DATABASE_UNAVAILABLE.message),
        DATABASE_UNAVAILABLE.status,
      );
    }
    loggerOf(c)?.error({ err: error }, 'unhandled error');
    return c.json(errorBody('internal', 'internal error'), 500);
  };
}
