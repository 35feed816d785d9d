import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SignJWT } from 'jose';

/** The orchestrator's auth settings for the local stack. */
export interface DevAuth {
  /** Variables to pass to the orchestrator (the generated secret, when one was made). */
  readonly env: Readonly<Record<string, string>>;
  /** The HS256 secret tokens can be signed with, when the stack knows it. */
  readonly secret: string | undefined;
  /** Where the generated secret is kept, when it was generated. */
  readonly secretFile: string | undefined;
}

const SECRET_FILE = 'dev-jwt-secret';

/**
 * Picks the orchestrator's auth: the configured `AUTH_JWT_SECRET` or `AUTH_JWKS_URL` when
 * set, otherwise a development HS256 secret generated once and kept in `dataDir` (mode 0600,
 * git-ignored), so tokens printed by an earlier run stay valid.
 */
export async function resolveDevAuth(env: NodeJS.ProcessEnv, dataDir: string): Promise<DevAuth> {
  const configured = env.AUTH_JWT_SECRET?.trim();
  if (configured) return { env: {}, secret: configured, secretFile: undefined };
  if (env.AUTH_JWKS_URL?.trim()) return { env: {}, secret: undefined, secretFile: undefined };
  const file = path.resolve(dataDir, SECRET_FILE);
  let secret = await readFile(file, 'utf8').then(
    (s) => s.trim(),
    () => '',
  );
  if (secret.length < 32) {
    secret = randomBytes(32).toString('base64url');
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, `${secret}\n`, { mode: 0o600 });
    await chmod(file, 0o600);
  }
  return { env: { AUTH_JWT_SECRET: secret }, secret, secretFile: file };
}

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
