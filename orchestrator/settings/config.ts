import { databaseStartupRetryMs } from '../../common/db/index.js';
import path from 'node:path';

import { draftMaxBytesFrom } from '../../common/contracts/draft-size.js';
import { ENV } from '../../common/contracts/env.js';
/** How tokens are verified: a JWKS endpoint (asymmetric keys), an HS256 secret, or both. */
export interface AuthConfig {
  /** `AUTH_JWKS_URL`: RS256/ES256/EdDSA keys, fetched and cached. */
  readonly jwksUrl: string | undefined;
  /** `AUTH_JWT_SECRET`: HS256 shared secret (development). */
  readonly jwtSecret: string | undefined;
  /** `AUTH_ISSUER`: required `iss` when set. */
  readonly issuer: string | undefined;
  /** `AUTH_AUDIENCE`: required `aud` when set (comma-separated for several). */
  readonly audience: readonly string[] | undefined;
}

/** The web console the orchestrator serves at `/`. */
export interface ConsoleConfig {
  /** `CONSOLE_DIR`: the built console (`npm run build:console`). @default 'console/dist' (from the working directory) */
  readonly dir: string;
  /** `CONSOLE_OIDC_ISSUER` + `CONSOLE_OIDC_CLIENT_ID`: sign-in with OIDC code + PKCE; token paste only when unset. */
  readonly oidc: { readonly issuer: string; readonly clientId: string } | undefined;
}

/** Everything the orchestrator reads from its environment, parsed and typed. */
export interface OrchestratorConfig {
  /** `PORT`. @default 8080 */
  readonly port: number;
  /** `HOST`: the interface to listen on. @default - all interfaces */
  readonly host: string | undefined;
  /** `DATABASE_URL`; an embedded PostgreSQL server is started when absent. */
  readonly databaseUrl: string | undefined;
  /** `DATABASE_STARTUP_RETRY_SECONDS`: how long start-up waits for an unavailable database. @default 30 */
  readonly databaseStartupRetryMs: number;
  /** `SPEC_ENGINE_URL`. @default 'http://localhost:8000' */
  readonly specEngineUrl: string;
  /** `SPEC_ENGINE_PATH_PREFIX`. @default '/spec-engine' */
  readonly specEnginePathPrefix: string;
  /** `SPEC_ENGINE_TOKEN`: bearer sent to the engine when set. */
  readonly specEngineToken: string | undefined;
  /** `SPEC_ENGINE_BREAKER_HALF_OPEN_SECONDS`: how long the open breaker fails fast before one trial call. @default 30 */
  readonly specEngineBreakerHalfOpenMs: number;
  readonly auth: AuthConfig;
  /** `CORS_ALLOWED_ORIGINS`, comma-separated exact origins. */
  readonly corsAllowedOrigins: readonly string[];
  /** `WORKFLOW_DRAFT_MAX_BYTES`: largest total draft (files as JSON). @default 8 MiB, which is also the ceiling */
  readonly draftMaxBytes: number;
  /** `LOG_LEVEL`. @default 'info' */
  readonly logLevel: string;
  readonly console: ConsoleConfig;
}

/** A configuration problem, reported at start with the variable it concerns. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Shortest HS256 secret accepted: RFC 7518 §3.2 requires a key at least as long as the hash. */
export const MIN_SECRET_LENGTH = 32;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function read(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function parseUrl(name: string, value: string, protocols: readonly string[]): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`${name} '${value}' is not a valid URL`);
  }
  if (!protocols.includes(url.protocol)) {
    throw new ConfigError(`${name} must use ${protocols.join(' or ')} (got '${url.protocol}')`);
  }
  return value;
}

function parseList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function parsePort(value: string | undefined): number {
  if (value === undefined) return 8080;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`PORT '${value}' must be an integer between 0 and 65535`);
  }
  return port;
}

function parseDraftMaxBytes(env: NodeJS.ProcessEnv): number {
  try {
    return draftMaxBytesFrom(env);
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
}

function parseDatabaseStartupRetry(env: NodeJS.ProcessEnv): number {
  try {
    return databaseStartupRetryMs(env);
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
}

function parsePositiveSeconds(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = read(env, name);
  if (raw === undefined) return fallback * 1000;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0)
    throw new ConfigError(`${name} '${raw}' must be a positive number`);
  return value * 1000;
}

function parseAuth(env: NodeJS.ProcessEnv): AuthConfig {
  const jwksUrl = read(env, 'AUTH_JWKS_URL');
  const jwtSecret = read(env, 'AUTH_JWT_SECRET');
  if (!jwksUrl && !jwtSecret) {
    throw new ConfigError(
      'no authentication configured: set AUTH_JWKS_URL (RS256/ES256/EdDSA keys) or AUTH_JWT_SECRET (HS256, development); the orchestrator never runs without auth',
    );
  }
  if (jwtSecret && jwtSecret.length < MIN_SECRET_LENGTH) {
    throw new ConfigError(`AUTH_JWT_SECRET must be at least ${MIN_SECRET_LENGTH} characters long`);
  }
  const audience = parseList(read(env, 'AUTH_AUDIENCE'));
  return {
    jwksUrl: jwksUrl ? parseUrl('AUTH_JWKS_URL', jwksUrl, ['https:', 'http:']) : undefined,
    jwtSecret,
    issuer: read(env, 'AUTH_ISSUER'),
    audience: audience.length > 0 ? audience : undefined,
  };
}

function parseConsole(env: NodeJS.ProcessEnv): ConsoleConfig {
  const issuer = read(env, 'CONSOLE_OIDC_ISSUER');
  const clientId = read(env, 'CONSOLE_OIDC_CLIENT_ID');
  if ((issuer === undefined) !== (clientId === undefined)) {
    throw new ConfigError(
      `${issuer ? 'CONSOLE_OIDC_CLIENT_ID' : 'CONSOLE_OIDC_ISSUER'} must be set too: console OIDC sign-in needs both CONSOLE_OIDC_ISSUER and CONSOLE_OIDC_CLIENT_ID`,
    );
  }
  return {
    dir: path.resolve(read(env, 'CONSOLE_DIR') ?? 'console/dist'),
    oidc:
      issuer && clientId
        ? {
            issuer: parseUrl('CONSOLE_OIDC_ISSUER', issuer, ['https:', 'http:']).replace(/\/+$/, ''),
            clientId,
          }
        : undefined,
  };
}

/**
 * Reads the orchestrator's configuration from `env`, throwing a {@link ConfigError} that
 * names the variable when one is invalid or when no authentication is configured.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): OrchestratorConfig {
  const origins = parseList(read(env, 'CORS_ALLOWED_ORIGINS'));
  for (const origin of origins) {
    if (origin === '*') throw new ConfigError("CORS_ALLOWED_ORIGINS must list exact origins, not '*'");
    const normalized = new URL(parseUrl('CORS_ALLOWED_ORIGINS', origin, ['https:', 'http:'])).origin;
    if (normalized !== origin.replace(/\/$/, '')) {
      throw new ConfigError(`CORS_ALLOWED_ORIGINS entry '${origin}' must be an origin like '${normalized}'`);
    }
  }
  const prefix = read(env, 'SPEC_ENGINE_PATH_PREFIX') ?? '/spec-engine';
  if (!/^\/[A-Za-z0-9._~/-]*[^/]$/.test(prefix)) {
    throw new ConfigError(`SPEC_ENGINE_PATH_PREFIX '${prefix}' must start with '/' and not end with '/'`);
  }
  const logLevel = read(env, ENV.logLevel) ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL '${logLevel}' must be one of ${LOG_LEVELS.join(', ')}`);
  }
  const engineUrl = read(env, ENV.specEngineUrl) ?? 'http://localhost:8000';
  return {
    port: parsePort(read(env, ENV.port)),
    host: read(env, ENV.host),
    databaseUrl: read(env, ENV.databaseUrl),
    databaseStartupRetryMs: parseDatabaseStartupRetry(env),
    specEngineUrl: parseUrl(ENV.specEngineUrl, engineUrl, ['http:', 'https:']).replace(/\/+$/, ''),
    specEnginePathPrefix: prefix,
    specEngineToken: read(env, ENV.specEngineToken),
    specEngineBreakerHalfOpenMs: parsePositiveSeconds(env, 'SPEC_ENGINE_BREAKER_HALF_OPEN_SECONDS', 30),
    auth: parseAuth(env),
    corsAllowedOrigins: origins.map((o) => o.replace(/\/$/, '')),
    draftMaxBytes: parseDraftMaxBytes(env),
    logLevel,
    console: parseConsole(env),
  };
}
