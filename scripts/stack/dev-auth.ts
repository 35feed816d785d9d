import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ENV } from '../../common/contracts/env.js';

/** The auth settings of the local stack: users' tokens and the engine's service token. */
export interface DevAuth {
  /** Variables for the orchestrator (the generated JWT secret, when one was made). */
  readonly orchestratorEnv: Readonly<Record<string, string>>;
  /** Variables for both services: the `SPEC_ENGINE_TOKEN` the engine requires and the orchestrator sends. */
  readonly serviceEnv: Readonly<Record<string, string>>;
  /**
   * The generated HS256 secret the stack may mint a development token with; undefined when the
   * operator configured `AUTH_JWT_SECRET` or `AUTH_JWKS_URL` (their tokens are theirs to make).
   */
  readonly secret: string | undefined;
  /** Where the generated secret is kept, when it was generated. */
  readonly secretFile: string | undefined;
  /** Where the generated service token is kept, when it was generated. */
  readonly serviceTokenFile: string | undefined;
  /** Which variable configured users' auth, when the operator did. */
  readonly configuredBy: 'AUTH_JWT_SECRET' | 'AUTH_JWKS_URL' | undefined;
}

const SECRET_FILE = 'dev-jwt-secret';
const SERVICE_TOKEN_FILE = 'spec-engine-token';
const MIN_LENGTH = 32;

/**
 * A random secret kept in `file` (mode 0600, git-ignored data dir), generated on first use,
 * so values from an earlier run stay valid.
 */
async function keptSecret(file: string): Promise<string> {
  const kept = await readFile(file, 'utf8').then(
    (s) => s.trim(),
    () => '',
  );
  if (kept.length >= MIN_LENGTH) return kept;
  const secret = randomBytes(32).toString('base64url');
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${secret}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
  return secret;
}

/**
 * Picks the stack's auth. Users: the configured `AUTH_JWT_SECRET` or `AUTH_JWKS_URL` when set,
 * otherwise a development HS256 secret kept in `dataDir`. Services: the configured
 * `SPEC_ENGINE_TOKEN`, otherwise one generated and kept beside the dev secret, so the engine
 * is never open to whoever reaches its port.
 */
export async function resolveDevAuth(env: NodeJS.ProcessEnv, dataDir: string): Promise<DevAuth> {
  const configuredToken = env[ENV.specEngineToken]?.trim();
  const serviceTokenFile = configuredToken ? undefined : path.resolve(dataDir, SERVICE_TOKEN_FILE);
  const serviceEnv = { [ENV.specEngineToken]: configuredToken || (await keptSecret(serviceTokenFile!)) };
  const configuredBy = env.AUTH_JWT_SECRET?.trim()
    ? 'AUTH_JWT_SECRET'
    : env.AUTH_JWKS_URL?.trim()
      ? 'AUTH_JWKS_URL'
      : undefined;
  if (configuredBy) {
    const none = { secret: undefined, secretFile: undefined };
    return { orchestratorEnv: {}, serviceEnv, serviceTokenFile, ...none, configuredBy };
  }
  const file = path.resolve(dataDir, SECRET_FILE);
  const secret = await keptSecret(file);
  return {
    orchestratorEnv: { AUTH_JWT_SECRET: secret },
    serviceEnv,
    serviceTokenFile,
    secret,
    secretFile: file,
    configuredBy: undefined,
  };
}

export { mintDevToken } from '../../orchestrator/dev-token.js';
export type { DevTokenOptions } from '../../orchestrator/dev-token.js';
