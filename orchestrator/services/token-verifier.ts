import {
  createRemoteJWKSet,
  decodeProtectedHeader,
  errors as joseErrors,
  type JWTPayload,
  type JWTVerifyOptions,
  jwtVerify,
} from 'jose';
import type { AuthConfig } from '../settings/config.js';

/** Algorithms accepted from the JWKS: asymmetric only, so an HS256 token can never be checked against a public key. */
const JWKS_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'ES256', 'ES384', 'EdDSA'] as const;

/** The only algorithm accepted with the shared secret. */
const SECRET_ALGORITHMS = ['HS256'] as const;

/** A verified token's identity. */
interface VerifiedToken {
  readonly subject: string;
  readonly claims: JWTPayload;
}

/** Why a token was refused (the message is safe to show the caller). */
export class TokenError extends Error {
  override readonly name = 'TokenError';
}

/** The signing keys could not be fetched (JWKS unreachable, timed out, or not a key set): not the caller's fault. */
export class KeySourceError extends Error {
  override readonly name = 'KeySourceError';
}

function isKeySourceFailure(error: unknown): boolean {
  return (
    error instanceof joseErrors.JWKSTimeout ||
    // jose lets fetch's network errors through and throws a bare JOSEError for a non-200 or non-JSON key set.
    !(error instanceof joseErrors.JOSEError) ||
    error.constructor === joseErrors.JOSEError
  );
}

/** Verifies bearer tokens; reusable by the REST middleware and the WebSocket route. */
export type TokenVerifier = (token: string) => Promise<VerifiedToken>;

/** Options of {@link createTokenVerifier} beyond the auth config. */
interface TokenVerifierOptions {
  /** Tolerated clock skew for `exp`/`nbf`, in seconds. @default 5 */
  readonly clockToleranceSeconds?: number;
  /** Minimum time between JWKS refetches for unknown `kid`s. @default 30_000 */
  readonly jwksCooldownMs?: number;
  /** Verified tokens remembered (until their `exp`, at most 5 minutes). 0 disables. @default 10_000 */
  readonly cacheEntries?: number;
}

/** Longest a verified token is trusted without checking its signature again. */
const CACHE_TTL_MS = 5 * 60_000;

function describe(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return 'token has expired';
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    if (error.claim === 'nbf') return 'token is not valid yet';
    // jose reports an absent required claim with reason 'missing' (jose 6, util/jwt_claims_set.js).
    if (error.reason === 'missing') return `token claim '${error.claim}' is missing`;
    return `token claim '${error.claim}' is invalid`;
  }
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return 'token algorithm is not allowed';
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'token signature is invalid';
  if (error instanceof joseErrors.JWKSNoMatchingKey) return 'token was signed by an unknown key';
  return 'token is invalid';
}

/**
 * Creates a token verifier from the auth config: tokens signed with HS256 are checked
 * against `AUTH_JWT_SECRET`, all others against the JWKS at `AUTH_JWKS_URL` (fetched on
 * demand, cached, refetched when an unknown `kid` appears so key rotation just works).
 * The algorithm list is pinned per key type; `exp`/`nbf` always, `iss`/`aud` when
 * configured; a token without `sub` is refused.
 */
export function createTokenVerifier(config: AuthConfig, options: TokenVerifierOptions = {}): TokenVerifier {
  const secret = config.jwtSecret ? new TextEncoder().encode(config.jwtSecret) : undefined;
  const jwks = config.jwksUrl
    ? createRemoteJWKSet(new URL(config.jwksUrl), {
        cacheMaxAge: 10 * 60_000,
        cooldownDuration: options.jwksCooldownMs ?? 30_000,
      })
    : undefined;
  const common: JWTVerifyOptions = {
    clockTolerance: options.clockToleranceSeconds ?? 5,
    requiredClaims: ['exp'],
    ...(config.issuer ? { issuer: config.issuer } : {}),
    ...(config.audience ? { audience: [...config.audience] } : {}),
  };

  async function verifyUncached(token: string): Promise<VerifiedToken> {
    let alg: string | undefined;
    try {
      alg = decodeProtectedHeader(token).alg;
    } catch {
      throw new TokenError('token is malformed');
    }
    let payload: JWTPayload;
    try {
      if (alg === 'HS256' && secret) {
        ({ payload } = await jwtVerify(token, secret, { ...common, algorithms: [...SECRET_ALGORITHMS] }));
      } else if (jwks) {
        ({ payload } = await jwtVerify(token, jwks, { ...common, algorithms: [...JWKS_ALGORITHMS] }));
      } else {
        throw new TokenError('token algorithm is not allowed');
      }
    } catch (error) {
      if (error instanceof TokenError) throw error;
      if (isKeySourceFailure(error))
        throw new KeySourceError('signing keys are unavailable', { cause: error });
      throw new TokenError(describe(error), { cause: error });
    }
    // A NUL cannot be stored in PostgreSQL text: such a subject is as unusable as none.
    if (
      typeof payload.sub !== 'string' ||
      payload.sub === '' ||
      payload.sub.length > 255 ||
      payload.sub.includes('\u0000')
    ) {
      throw new TokenError("token has no valid 'sub' claim");
    }
    return { subject: payload.sub, claims: payload };
  }

  // Browsers send the same token on every request: remember verified ones (never failures)
  // until they expire, so the signature is checked once per token, not once per request.
  const maxEntries = options.cacheEntries ?? 10_000;
  const cache = new Map<string, { verified: VerifiedToken; until: number }>();
  return async function verifyToken(token: string): Promise<VerifiedToken> {
    const now = Date.now();
    const hit = cache.get(token);
    if (hit && hit.until > now) return hit.verified;
    if (hit) cache.delete(token);
    const verified = await verifyUncached(token);
    if (maxEntries > 0) {
      const exp = typeof verified.claims.exp === 'number' ? verified.claims.exp * 1000 : now;
      const until = Math.min(exp, now + CACHE_TTL_MS);
      if (until > now) {
        if (cache.size >= maxEntries) cache.delete(cache.keys().next().value as string);
        cache.set(token, { verified, until });
      }
    }
    return verified;
  };
}
