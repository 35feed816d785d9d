import type { MiddlewareHandler } from 'hono';
import { bearerAuth } from '../../common/http/bearer.js';
import { ApiError } from '../../common/http/errors.js';
import type { AppEnv } from '../contract/app-env.js';
import { KeySourceError, TokenError, type TokenVerifier } from '../services/token-verifier.js';
import type { UserResolver } from '../services/users.js';

/** Options of {@link createAuthMiddleware}. */
interface AuthMiddlewareOptions {
  readonly verify: TokenVerifier;
  readonly resolveUser: UserResolver;
}

/**
 * Requires `Authorization: Bearer <jwt>`, verifies it and sets `user` (created on first
 * sight of its `sub`). Tokens are only read from the header on REST routes.
 */
export function createAuthMiddleware(options: AuthMiddlewareOptions): MiddlewareHandler<AppEnv> {
  return bearerAuth<AppEnv>(async (token, c) => {
    const subject = await verifySubject(options.verify, token);
    c.set('user', { id: await options.resolveUser(subject), subject });
  });
}

/**
 * Verifies `token` and returns its subject, turning verifier errors into API errors: a bad
 * token → 401, a key source (JWKS) that cannot be reached → 503 with `Retry-After`.
 * Shared by the REST middleware and the WebSocket route.
 */
export async function verifySubject(verify: TokenVerifier, token: string): Promise<string> {
  try {
    return (await verify(token)).subject;
  } catch (error) {
    if (error instanceof TokenError) throw ApiError.unauthorized(error.message);
    if (error instanceof KeySourceError) {
      throw new ApiError(503, 'auth_unavailable', 'cannot verify tokens right now; try again shortly', {
        'Retry-After': '5',
      });
    }
    throw error;
  }
}
