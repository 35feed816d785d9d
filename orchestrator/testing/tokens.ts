import { SignJWT } from 'jose';

/** The HS256 secret test apps are configured with. */
export const TEST_SECRET = 'test-secret-for-the-orchestrator-0123456789';

/** Claims and header overrides for {@link signTestToken}. */
interface TestTokenOptions {
  readonly sub?: string | undefined;
  readonly secret?: string;
  readonly issuer?: string;
  readonly audience?: string;
  /** Seconds from now; negative for an expired token. @default 3600 */
  readonly expiresIn?: number;
  /** Seconds from now for `nbf`. */
  readonly notBefore?: number;
}

/** Signs an HS256 token the test app accepts (unless options say otherwise). */
export async function signTestToken(options: TestTokenOptions = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  let jwt = new SignJWT({}).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setIssuedAt(now);
  if (options.sub !== undefined) jwt = jwt.setSubject(options.sub);
  jwt = jwt.setExpirationTime(now + (options.expiresIn ?? 3600));
  if (options.notBefore !== undefined) jwt = jwt.setNotBefore(now + options.notBefore);
  if (options.issuer) jwt = jwt.setIssuer(options.issuer);
  if (options.audience) jwt = jwt.setAudience(options.audience);
  return jwt.sign(new TextEncoder().encode(options.secret ?? TEST_SECRET));
}
