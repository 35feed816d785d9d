import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

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

export { mintDevToken } from '../../orchestrator/dev-token.js';
export type { DevTokenOptions } from '../../orchestrator/dev-token.js';
