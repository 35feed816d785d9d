import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { DATABASE_UNAVAILABLE, isDatabaseUnavailable } from '../common/db/index.js';

/** An HTTP error with a stable code; `onError` writes it as `{"error": {code, message, field?}}`. */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }

  /** 400 naming the field at fault. */
  static invalid(field: string, message: string): ApiError {
    return new ApiError(400, 'invalid_request', `${field}: ${message}`, field);
  }

  /** 404 for a missing thing. */
  static notFound(what: string): ApiError {
    return new ApiError(404, 'not_found', `${what} not found`);
  }
}

/** The body's own faults Hono raises (unparsable JSON, a Content-Type that is not JSON): a 400 naming `body`. */
const NOT_JSON = ApiError.invalid('body', 'must be a JSON object');

/**
 * The app's one `onError`: an ApiError is its status and body; an unreachable database a 503
 * with Retry-After; unknown errors a 500 without details.
 */
export function errorResponse(c: Context, error: unknown, log: (error: unknown) => void): Response {
  const known =
    error instanceof HTTPException && (error.status === 400 || error.status === 415) ? NOT_JSON : error;
  if (known instanceof ApiError) {
    const body = { code: known.code, message: known.message, ...(known.field ? { field: known.field } : {}) };
    return c.json({ error: body }, known.status);
  }
  if (isDatabaseUnavailable(error)) {
    // Transient (a failover, a restart): the caller retries; the orchestrator's client does.
    c.header('Retry-After', String(DATABASE_UNAVAILABLE.retryAfterSeconds));
    const { code, message, status } = DATABASE_UNAVAILABLE;
    return c.json({ error: { code, message } }, status);
  }
  log(error);
  return c.json({ error: { code: 'internal', message: 'internal error' } }, 500);
}
