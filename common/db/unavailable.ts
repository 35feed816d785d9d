/**
 * SQLSTATEs that mean the server went away or will not take the connection (not that the query
 * was wrong): class 08 (connection exception), 57P01–57P03 (shutdown, crash, starting up) and
 * 53300 (too many connections).
 */
const UNAVAILABLE_STATES = /^(08|57P0[123]$|53300$)/;

/** postgres.js's own codes for a connection that closed, ended, was destroyed or never opened. */
const CLIENT_CODES = new Set([
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
]);

/**
 * True when `error` says the database could not be reached or dropped the connection: a
 * transient condition a client may retry (503), never a bug in the request (500).
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string') return false;
  return CLIENT_CODES.has(code) || UNAVAILABLE_STATES.test(code);
}

/** What a client is told, with `Retry-After`, when the database is unavailable. */
export const DATABASE_UNAVAILABLE = {
  status: 503,
  code: 'database_unavailable',
  message: 'the database is unavailable; retry after Retry-After seconds',
  retryAfterSeconds: 1,
} as const;
