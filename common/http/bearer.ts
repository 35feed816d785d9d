import type { Context, Env, MiddlewareHandler } from 'hono';
import { ApiError } from './errors.js';

/** The bearer token of an `Authorization` header value, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = header ? /^Bearer[ ]+([^\s]+)\s*$/i.exec(header) : null;
  return match?.[1];
}

/**
 * Requires `Authorization: Bearer <token>` and hands the token to `verify`, which throws an
 * ApiError (401 via `ApiError.unauthorized`, with the `WWW-Authenticate` challenge) for a token it
 * refuses and may put what it learned on the context. Tokens are only read from the header.
 */
export function bearerAuth<E extends Env>(
  verify: (token: string, c: Context<E>) => Promise<void> | void,
): MiddlewareHandler<E> {
  return async function authenticate(c, next) {
    // Per-caller data (and its refusals) must not sit in a browser or proxy cache.
    c.header('Cache-Control', 'no-store');
    const token = bearerToken(c.req.header('authorization'));
    if (!token) throw ApiError.unauthorized('a bearer token is required (Authorization: Bearer <token>)');
    await verify(token, c);
    await next();
  };
}
