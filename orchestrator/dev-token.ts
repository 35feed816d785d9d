import { SignJWT } from 'jose';

/** Claims of a development token. */
export interface DevTokenOptions {
  readonly sub: string;
  readonly issuer?: string | undefined;
  /** Comma-separated like `AUTH_AUDIENCE`. */
  readonly audience?: string | undefined;
  /** Lifetime, jose syntax. @default '12h' */
  readonly expiresIn?: string;
}

/**
 * Signs an HS256 token the orchestrator accepts for `secret`.
 *
 * @example await mintDevToken(secret, { sub: 'alice' })
 */
export async function mintDevToken(secret: string, options: DevTokenOptions): Promise<string> {
  let jwt = new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(options.sub)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '12h');
  if (options.issuer) jwt = jwt.setIssuer(options.issuer);
  const audience = (options.audience ?? '')
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);
  if (audience.length > 0) jwt = jwt.setAudience(audience);
  return jwt.sign(new TextEncoder().encode(secret));
}
