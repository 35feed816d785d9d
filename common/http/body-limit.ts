import type { Env, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ApiError } from './errors.js';

const BODYLESS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** `bytes` for a message: whole MiB or KiB where it divides, bytes otherwise. */
function describeBytes(bytes: number): string {
  if (bytes % 1048576 === 0) return `${bytes} bytes (${bytes / 1048576} MiB)`;
  if (bytes % 1024 === 0) return `${bytes} bytes (${bytes / 1024} KiB)`;
  return `${bytes} bytes`;
}

/**
 * Refuses a request body over `maxBytes` with 413 `payload_too_large`. The bytes are counted as
 * they arrive: a chunked body has no Content-Length to trust.
 */
export function limitBody<E extends Env>(maxBytes: number): MiddlewareHandler<E> {
  const limit = bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new ApiError(413, 'payload_too_large', `request body must be at most ${describeBytes(maxBytes)}`);
    },
  });
  // Only methods with bodies: reading `req.raw.body` makes @hono/node-server build a full
  // Request object, a cost GET requests (the hot path) need not pay.
  return (c, next) => (BODYLESS.has(c.req.method) ? next() : limit(c, next));
}
